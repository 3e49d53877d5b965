/**
 * Deterministic generators of realistic documents for `npm run bench` and the robustness tests:
 * the gallery AWS IAM Identity Center mapping scaled up with varied expressions and an inline scope
 * with many clauses, scope files, and sample users (JSON and CSV). Everything is seeded, so a size
 * always produces the same text.
 */

import { seededRandom } from '../../server/src/service/dryrun/dryRun';

/** The product's seeded generator (mulberry32). */
export const rng = seededRandom;

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The 20 user mappings of the Entra gallery app (examples/aws-iam-identity-center.mapping.jsonc). */
export const GALLERY_USER_MAPPINGS: ReadonlyArray<{ target: string; source: string; matchingPrecedence?: number }> = [
  { target: 'userName', source: '[userPrincipalName]', matchingPrecedence: 1 },
  { target: 'active', source: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
  { target: 'displayName', source: '[displayName]' },
  { target: 'title', source: '[jobTitle]' },
  { target: 'emails[type eq "work"].value', source: '[mail]' },
  { target: 'preferredLanguage', source: '[preferredLanguage]' },
  { target: 'name.givenName', source: '[givenName]' },
  { target: 'name.familyName', source: '[surname]' },
  { target: 'name.formatted', source: 'Join(" ", [givenName], [surname])' },
  { target: 'addresses[type eq "work"].formatted', source: '[physicalDeliveryOfficeName]' },
  { target: 'addresses[type eq "work"].streetAddress', source: '[streetAddress]' },
  { target: 'addresses[type eq "work"].locality', source: '[city]' },
  { target: 'addresses[type eq "work"].region', source: '[state]' },
  { target: 'addresses[type eq "work"].postalCode', source: '[postalCode]' },
  { target: 'addresses[type eq "work"].country', source: '[country]' },
  { target: 'phoneNumbers[type eq "work"].value', source: '[telephoneNumber]' },
  { target: 'externalId', source: '[objectId]' },
  { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', source: '[employeeId]' },
  { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', source: '[department]' },
  { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', source: '[manager]' },
];

/** Targets a scaled-up file cycles through (a real file cannot have more distinct ones). */
const STRING_TARGETS = [
  'nickName',
  'name.middleName',
  'name.honorificPrefix',
  'name.honorificSuffix',
  'locale',
  'timezone',
  'userType',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division',
];

const ATTRIBUTES = [
  'givenName',
  'surname',
  'displayName',
  'mail',
  'mailNickname',
  'jobTitle',
  'department',
  'companyName',
  'city',
  'country',
  'employeeId',
  'extensionAttribute1',
  'extensionAttribute7',
  'physicalDeliveryOfficeName',
  'userPrincipalName',
];

/** Varied, valid expressions: the shapes real mappings use. `a`/`b` are attribute names, `n` a number. */
const TEMPLATES: Array<(a: string, b: string, n: number) => string> = [
  (a) => `[${a}]`,
  (a, b) => `Join(" ", [${a}], [${b}])`,
  (a) => `ToLower(Replace([${a}], "-", , , "_", , ))`,
  (a) => `Switch([${a}], "Other", "Engineering", "ENG", "Sales", "SLS", "Finance", "FIN")`,
  (a, b) => `IIF([${a}]="US", "United States", [${b}])`,
  (a, b) => `Coalesce([${a}], [${b}], "n/a")`,
  (a, _b, n) => `Left(NormalizeDiacritics(StripSpaces([${a}])), ${(n % 40) + 5})`,
  (a, b) => `Append([${a}], Append("-", [${b}]))`,
  (a, _b, n) => `Mid([${a}], ${(n % 5) + 1}, ${(n % 7) + 2})`,
  (a) => `Word([${a}], 1, " ")`,
  (a) => `Replace([${a}], , "(?<space>\\\\s+)", "space", "_", , )`,
  (a, b) => `Coalesce(ToUpper([${a}]), ToLower([${b}]))`,
  (_a, _b, n) => `"Constant value ${n}"`,
  (a) => `StripSpaces([${a}])`,
  (a, b) => `Join(", ", Coalesce([${a}], ""), Coalesce([${b}], ""))`,
  (a) => `PCase([${a}])`,
  (a, b) => `IIF([${a}]="Engineering", Left([${b}], 10), [${a}])`,
  (a) => `NormalizeDiacritics(ToLower([${a}], "en-US"))`,
];

const CLAUSES: Array<(n: number) => string> = [
  (n) => `{ "attribute": "department", "operator": "EQUALS", "value": "Department ${n}" }`,
  () => `{ "attribute": "accountEnabled", "operator": "IS TRUE" }`,
  (n) => `{ "attribute": "jobTitle", "operator": "REGEX MATCH", "value": "^(Dev|SRE|Eng${n})" }`,
  (n) => `{ "attribute": "city", "operator": "NOT EQUALS", "value": "City ${n}" }`,
  () => `{ "attribute": "mail", "operator": "IS NOT NULL" }`,
  (n) => `{ "attribute": "userPrincipalName", "operator": "ENDS_WITH", "value": "@contoso${n}.com" }`,
  (n) => `{ "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": "${n}" }`,
  (n) => `{ "attribute": "companyName", "operator": "NOT REGEX MATCH", "value": "^Contractor\\\\s+${n}$" }`,
];

function jsonString(value: string): string {
  return JSON.stringify(value);
}

/** Scope clauses, `perFilter` to a filter, as JSON lines indented by `indent`. */
function filtersText(clauses: number, indent: string): string {
  const perFilter = 5;
  const filters: string[] = [];
  for (let f = 0; f * perFilter < clauses; f++) {
    const items: string[] = [];
    for (let c = f * perFilter; c < Math.min(clauses, (f + 1) * perFilter); c++)
      items.push(`${indent}    ${CLAUSES[c % CLAUSES.length](c)}`);
    filters.push(`${indent}  { "name": "Filter ${f + 1}", "clauses": [\n${items.join(',\n')}\n${indent}  ] }`);
  }
  return filters.join(',\n');
}

export interface MappingOptions {
  /** Clauses of the inline scope (default: a tenth of the mappings, at least 10). */
  clauses?: number;
  seed?: number;
}

/**
 * The gallery mapping scaled up to `count` user mappings: the 20 gallery mappings, then varied
 * expressions over the remaining targets (they repeat, which a file of this size must), an inline
 * scope with many clauses, and the three gallery group mappings.
 */
export function scaledMapping(count: number, options: MappingOptions = {}): string {
  const random = rng(options.seed ?? 1);
  const clauses = options.clauses ?? Math.max(10, Math.floor(count / 10));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    let entry: string;
    if (i < GALLERY_USER_MAPPINGS.length) {
      const m = GALLERY_USER_MAPPINGS[i];
      entry = `{ "target": ${jsonString(m.target)}, "source": ${jsonString(m.source)}${m.matchingPrecedence ? `, "matchingPrecedence": ${m.matchingPrecedence}` : ''} }`;
    } else {
      const template = TEMPLATES[i % TEMPLATES.length];
      const source = template(pick(random, ATTRIBUTES), pick(random, ATTRIBUTES), i);
      const target = STRING_TARGETS[i % STRING_TARGETS.length];
      const extra = i % 11 === 0 ? ', "apply": "on-create"' : i % 17 === 0 ? `, "default": "Default ${i}"` : '';
      entry = `{ "target": ${jsonString(target)}, "source": ${jsonString(source)}${extra} }`;
    }
    lines.push(`      ${entry}`);
  }
  return [
    '// A generated mapping for benchmarks: the Entra gallery app scaled up.',
    '{',
    '  "target": "aws-iam-identity-center",',
    '  "user": {',
    '    "scope": {',
    '      "filters": [',
    filtersText(clauses, '        '),
    '      ]',
    '    },',
    '    "mappings": [',
    lines.join(',\n'),
    '    ]',
    '  },',
    '  "group": {',
    '    "mappings": [',
    '      { "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 },',
    '      { "target": "externalId", "source": "[objectId]" },',
    '      { "target": "members", "source": "[members]" }',
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A scope file with `clauses` clauses, five to a filter. */
export function scaledScope(clauses: number): string {
  return ['{', '  "object": "user",', '  "filters": [', filtersText(clauses, '    '), '  ]', '}', ''].join('\n');
}

const DEPARTMENTS = ['Engineering', 'Sales', 'Engineering', 'Finance', 'Marketing'];
const TITLES = ['Developer', 'Account Executive', 'SRE', 'Analyst', 'Senior Engineer', 'Dévelopeur'];
const CITIES = ['Seattle', 'Zürich', 'São Paulo', 'München', 'Oslo'];

/** A CSV of `count` sample users (header row first); every 97th has no surname (a required value). */
export function usersCsv(count: number, offset = 0): string {
  const rows = [
    'userPrincipalName,givenName,surname,displayName,mail,jobTitle,department,city,country,accountEnabled,objectId,employeeId,telephoneNumber',
  ];
  for (let k = 0; k < count; k++) {
    const i = k + offset;
    const surname = i % 97 === 0 ? '' : `Surname${i}`;
    rows.push(
      [
        `user${i}@contoso.com`,
        `Given${i}`,
        surname,
        `"Given${i} ${surname}"`,
        `user${i}@contoso.com`,
        TITLES[i % TITLES.length],
        DEPARTMENTS[i % DEPARTMENTS.length],
        CITIES[i % CITIES.length],
        'US',
        i % 13 === 0 ? 'false' : 'true',
        `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        `E${i}`,
        `+1 206 555 ${String(i % 10000).padStart(4, '0')}`,
      ].join(','),
    );
  }
  return rows.join('\n') + '\n';
}
