#!/usr/bin/env node
// Generates the committed catalog data (server/src/service/catalog/data/*.json) from the domain
// reference (../shared/reference relative to the project root, or the directory given as the first
// argument). Plain Node ESM, no dependencies. Output is pretty-printed and deterministic: running it
// twice on the same reference gives byte-identical files.
//
//   node scripts/generate-catalogs.mjs [path/to/reference]
//
// The shapes are the interfaces in server/src/service/catalog/types.ts. Conventions the JSON cannot
// express directly:
//   * FunctionSignature.maxArgs is stored as `null` when a parameter repeats (no upper bound);
//     catalog/index.ts maps `null` to Infinity when it loads the file.
//   * Every `sources` entry is a key of sources.json. Keys of the reference's own `sources` tables are
//     kept as they are (prefixed with the file's tag only when two files would disagree about a key);
//     inline citations ({repo, path, commit}) get a key derived from repository and file name.
//
// Where the reference states something only in prose (which targets are unsupported, descriptions,
// how operators take values ...), the generator carries a small explicit table below, each with a
// comment naming the reference file it encodes.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const refDir = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'reference'));
const outDir = join(projectRoot, 'server', 'src', 'service', 'catalog', 'data');

function readJson(rel) {
  return JSON.parse(readFileSync(join(refDir, rel), 'utf8'));
}

function fail(message) {
  console.error(`generate-catalogs: ${message}`);
  process.exit(1);
}

const constraints = readJson('aws/constraints.json');
const defaultMappings = readJson('aws/default-mappings.json');
const graded = readJson('entra/source-attributes-graded.json');
const legacyAttributes = readJson('entra/source-attributes.json');
const functionsRef = readJson('entra/functions.json');
const scoping = readJson('entra/scoping.json');

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

const COMMIT_RE = /\b([0-9a-f]{40})\b/;

/** Normalises a citation object: pulls a commit out of a `note` such as "commit 0596ed57...; ...". */
function normaliseRef(ref) {
  const r = { ...ref };
  if (!r.commit && typeof r.note === 'string') {
    const m = /\bcommit ([0-9a-f]{40})\b/.exec(r.note);
    if (m) r.commit = m[1];
  }
  if (!r.url && typeof r.issue === 'string') r.url = r.issue;
  // e.g. { repo, path: "issue #89 (https://github.com/.../issues/89)" }: the path is really a URL.
  if (!r.url && typeof r.path === 'string' && /\bhttps?:\/\//.test(r.path)) {
    r.url = /https?:\/\/[^\s)]+/.exec(r.path)[0];
    delete r.path;
  }
  return r;
}

function citationText(ref) {
  const r = normaliseRef(ref);
  const parts = [];
  if (r.repo && r.path) parts.push(`${r.repo} ${r.path}`);
  else if (r.repo) parts.push(r.repo);
  if (r.commit && COMMIT_RE.test(r.commit)) parts.push(`(commit ${r.commit.slice(0, 12)})`);
  if (r.url && !(r.path && r.path.includes(r.url))) parts.push(parts.length ? `<${r.url}>` : r.url);
  if (parts.length === 0 && r.note) parts.push(r.note);
  if (parts.length === 0) fail(`cannot cite ${JSON.stringify(ref)}`);
  return parts.join(' ');
}

function identityOf(ref) {
  const r = normaliseRef(ref);
  if (r.repo && r.path) return `repo:${r.repo}|${r.path}|${r.commit ?? ''}`;
  if (r.url) return `url:${r.url}`;
  return `cite:${citationText(r)}`;
}

function slug(s) {
  return s.replace(/[^A-Za-z0-9._#-]+/g, '-').replace(/^-+|-+$/g, '');
}

class SourceRegistry {
  constructor() {
    /** key -> citation text */
    this.citations = new Map();
    /** identity -> key */
    this.byIdentity = new Map();
    /** repo|path -> first key registered for that file (any commit) */
    this.byFile = new Map();
    /** file tag -> (key in that file's table -> key in sources.json) */
    this.tables = new Map();
  }

  #store(key, ref) {
    const r = normaliseRef(ref);
    this.citations.set(key, citationText(r));
    const id = identityOf(r);
    if (!this.byIdentity.has(id)) this.byIdentity.set(id, key);
    if (r.repo && r.path && !this.byFile.has(`${r.repo}|${r.path}`)) this.byFile.set(`${r.repo}|${r.path}`, key);
  }

  /** Registers a reference file's keyed `sources` table. */
  addTable(fileTag, table) {
    const map = new Map();
    for (const key of Object.keys(table)) {
      const text = citationText(table[key]);
      let finalKey = key;
      if (this.citations.has(key) && this.citations.get(key) !== text) finalKey = `${fileTag}:${key}`;
      if (!this.citations.has(finalKey)) this.#store(finalKey, table[key]);
      else if (this.citations.get(finalKey) !== text) fail(`source key collision on ${finalKey}`);
      map.set(key, finalKey);
    }
    this.tables.set(fileTag, map);
  }

  /** The sources.json key of a key from the given file's table. */
  keyed(fileTag, key) {
    const k = this.tables.get(fileTag)?.get(key);
    if (!k) fail(`unknown source key ${key} in ${fileTag}`);
    return k;
  }

  /** The sources.json key of an inline citation object ({repo, path, commit, url, note}). */
  inline(ref) {
    const r = normaliseRef(ref);
    const id = identityOf(r);
    if (this.byIdentity.has(id)) return this.byIdentity.get(id);
    // A citation without a commit is the same document as a registered one with a commit.
    if (r.repo && r.path && !r.commit && this.byFile.has(`${r.repo}|${r.path}`)) return this.byFile.get(`${r.repo}|${r.path}`);
    let base;
    if (r.repo && r.path) {
      const repoName = r.repo.split('/').pop();
      const file = r.path.includes(' ')
        ? r.path
        : r.path
            .split('/')
            .pop()
            .replace(/\.[A-Za-z0-9]+$/, '');
      base = `${repoName}:${slug(file)}`;
    } else if (r.url) {
      const gh = /^https:\/\/github\.com\/[^/]+\/([^/]+)\/issues\/(\d+)/.exec(r.url);
      if (gh) base = `${gh[1]}#${gh[2]}`;
      else {
        const u = new URL(r.url);
        base = `web:${u.hostname.replace(/^www\./, '')}${slug(u.pathname.replace(/\.html?$/, '')).replace(/^/, '/')}`;
      }
    } else {
      base = `note:${slug(citationText(r)).slice(0, 40)}`;
    }
    let key = base;
    if (this.citations.has(key)) key = r.commit ? `${base}@${r.commit.slice(0, 7)}` : base;
    for (let n = 2; this.citations.has(key); n++) key = `${base}-${n}`;
    this.#store(key, r);
    return key;
  }

  toJSON() {
    const out = {};
    for (const key of [...this.citations.keys()].sort()) out[key] = this.citations.get(key);
    return out;
  }
}

const sources = new SourceRegistry();
sources.addTable('constraints', constraints.sources);
sources.addTable('default-mappings', defaultMappings.sources);
sources.addTable('source-attributes', legacyAttributes.sources);

/** The text as a sentence: ends with a full stop unless it already ends with punctuation. */
function sentence(s) {
  const t = String(s).trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

function uniq(list) {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// AWS targets (aws/constraints.json + aws/default-mappings.json)
// ---------------------------------------------------------------------------------------------

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Converts an Identity Store character class ("[\p{L}...]+", with literal U+00A0/U+3000) to the
 * source of a JavaScript `u`-flag regular expression anchored to the whole value.
 */
function jsPattern(identityStorePattern) {
  const escaped = identityStorePattern.replace(
    /[^\x20-\x7e]/gu,
    (c) => `\\u${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  const source = /^\[.*\]\+$/s.test(identityStorePattern) ? `^${escaped}$` : `^(?:${escaped})$`;
  try {
    new RegExp(source, 'u');
  } catch (e) {
    fail(`pattern ${identityStorePattern} does not compile as a JS u-flag regex: ${e.message}`);
  }
  return source;
}

function allowsWhitespace(source) {
  const re = new RegExp(source, 'u');
  return [' ', '\t', '\n', '\r', '\u00a0', '\u3000'].some((c) => re.test(`a${c}a`));
}

/** minLength/maxLength/pattern/allowsWhitespace from an attribute's storeLimits. */
function limitsFrom(storeLimits) {
  if (!storeLimits || storeLimits.pattern === undefined) return {};
  const pattern = jsPattern(storeLimits.pattern);
  return {
    minLength: storeLimits.minLength,
    maxLength: storeLimits.maxLength,
    pattern,
    allowsWhitespace: allowsWhitespace(pattern),
  };
}

// constraints.md §6 / constraints.json characterRules: the "GEN" rule (1-1024, general pattern),
// which also covers roles sub-values ("emails/phoneNumbers/addresses/roles sub-values and types").
const GEN = {
  minLength: 1,
  maxLength: 1024,
  pattern: constraints.characterRules.identityStorePatterns.general.pattern,
  patternSource: ['aws-idstore-model'],
};

// constraints.md §2 (user table, "Unsupported user attributes" paragraph, forbiddenInCreate) and §3:
// why each unsupported target is rejected.
const UNSUPPORTED_REASONS = {
  'user:id': 'Server-assigned and read-only: AWS creates the id; never map a value to it.',
  'user:password':
    'AWS IAM Identity Center does not accept passwords over SCIM (listed as unsupported in the AWS SCIM limitations).',
  'user:ims': 'Not supported by the AWS SCIM endpoint (listed as unsupported in the AWS SCIM limitations).',
  'user:photos':
    'Not supported by the AWS SCIM endpoint; a client reports that even an empty "photos": [] made AWS reject the user.',
  'user:entitlements': 'Not supported by the AWS SCIM endpoint (listed as unsupported in the AWS SCIM limitations).',
  'user:x509Certificates': 'Not supported by the AWS SCIM endpoint (listed as unsupported in the AWS SCIM limitations).',
  'user:groups':
    'Read-only: membership is written through the group "members" attribute; "groups" may not be sent on CreateUser (usable only in a ListUsers filter).',
  'user:meta.version': 'meta is read-only and meta.version is not supported (AWS does not support ETags).',
  'user:manager.displayName':
    "manager.displayName is not supported (read-only in AWS /Schemas); only manager.value (the manager's AWS user id) is accepted.",
  'user:display': 'AWS does not support the "display" sub-attribute of a multi-valued attribute.',
  'group:id': 'Server-assigned and read-only: AWS creates the id; never map a value to it.',
  'group:description':
    'Group description exists in the Identity Store API but not in the SCIM Group schema AWS publishes, so it cannot be provisioned over SCIM.',
};

// default-mappings.md (the tutorial's Type column) and constraints.md §2/§3: the type Entra uses
// for targets AWS models as complex.
const ENTRA_TARGET_TYPE = {
  [`${ENTERPRISE}:manager`]: 'reference',
  members: 'reference',
};

// constraints.md §2 and mapping-model.md §6: the multi-valued attributes and the element filters
// Entra writes for them (work/home/other emails, the six canonical phone types, work and home
// addresses, the primary role).
const COLLECTIONS = {
  emails: { filterAttr: 'type', types: ['work', 'home', 'other'], subs: ['value'] },
  phoneNumbers: { filterAttr: 'type', types: ['work', 'mobile', 'fax', 'home', 'pager', 'other'], subs: ['value'] },
  addresses: {
    filterAttr: 'type',
    types: ['work', 'home'],
    subs: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'],
  },
  roles: { filterAttr: 'primary', types: ['True'], subs: ['value', 'type'] },
};

// Descriptions of the targets (wording ours; facts from constraints.md §2-§3).
const TARGET_DESCRIPTIONS = {
  'user:id': 'AWS-assigned identifier of the user (read-only).',
  'user:externalId':
    'Identifier of the user in the identity provider; unique per identity store. AWS advises a stable value such as the Entra objectId.',
  'user:userName': 'Unique user name in IAM Identity Center; must equal the SAML NameID used at sign-in.',
  'user:name.formatted': 'Full name, formatted for display.',
  'user:name.familyName': 'Family name (last name).',
  'user:name.givenName': 'Given name (first name).',
  'user:name.middleName': 'Middle name.',
  'user:name.honorificPrefix': 'Honorific prefix, e.g. "Ms.".',
  'user:name.honorificSuffix': 'Honorific suffix, e.g. "III".',
  'user:displayName': 'Name shown for the user in IAM Identity Center.',
  'user:nickName': 'Casual name of the user.',
  'user:profileUrl': "URL of the user's profile (SCIM reference to an external resource).",
  'user:title': 'Job title.',
  'user:userType': 'Free-text user type, e.g. "Employee".',
  'user:preferredLanguage': 'Preferred language, e.g. "en-US".',
  'user:locale': 'Locale used for localisation, e.g. "en-US".',
  'user:timezone': 'Time zone in IANA form, e.g. "America/Los_Angeles".',
  'user:active': 'Whether the user is active (enabled) in IAM Identity Center.',
  'user:password': 'Password of the user.',
  'user:groups': 'Groups the user belongs to (read-only).',
  'user:ims': 'Instant-messaging addresses.',
  'user:photos': 'Photo URLs.',
  'user:entitlements': 'Entitlements of the user.',
  'user:x509Certificates': 'X.509 certificates of the user.',
  'user:meta.version': 'Version (ETag) of the resource.',
  [`user:${ENTERPRISE}:employeeNumber`]: 'Enterprise extension: employee number.',
  [`user:${ENTERPRISE}:costCenter`]: 'Enterprise extension: cost center.',
  [`user:${ENTERPRISE}:organization`]: 'Enterprise extension: organization.',
  [`user:${ENTERPRISE}:division`]: 'Enterprise extension: division.',
  [`user:${ENTERPRISE}:department`]: 'Enterprise extension: department.',
  [`user:${ENTERPRISE}:manager`]:
    "Enterprise extension: the user's manager, written as the manager's AWS user id (Entra resolves the reference).",
  [`user:${ENTERPRISE}:manager.displayName`]: 'Enterprise extension: display name of the manager.',
  'group:id': 'AWS-assigned identifier of the group (read-only).',
  'group:externalId': 'Identifier of the group in the identity provider; unique per identity store.',
  'group:displayName': 'Name of the group; must be unique for sync to work.',
  'group:members': 'Members of the group (references to provisioned users).',
  'group:description': 'Description of the group.',
};

const COLLECTION_LABELS = {
  emails: 'email address',
  phoneNumbers: 'phone number',
  addresses: 'address',
  roles: 'role',
};
const ADDRESS_SUB_LABELS = {
  formatted: 'full address, formatted for display',
  streetAddress: 'street address',
  locality: 'city or locality',
  region: 'state or region',
  postalCode: 'postal code',
  country: 'country',
  display: 'display text',
};

function collectionDescription(coll, type, sub) {
  if (coll === 'roles') {
    const what = { value: 'value', type: 'type', display: 'display name' }[sub];
    return `The ${what} of the user's primary role (roles element with primary "True").`;
  }
  const label = COLLECTION_LABELS[coll];
  if (coll === 'addresses')
    return `${capital(type)} address: ${ADDRESS_SUB_LABELS[sub]} (addresses element with type "${type}").`;
  if (sub === 'display') return `Display text of the ${type} ${label} (${coll} element with type "${type}").`;
  return `${capital(type)} ${label} (${coll} element with type "${type}").`;
}

function capital(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// constraints.json characterRules.entraTutorialClaim (and constraints.md §6's recommendation):
// the Entra tutorial's character warning, attached to the matching-attribute candidates.
const TUTORIAL_CHAR_WARNING_TARGETS = new Set(['user:userName', 'user:externalId', 'group:externalId', 'group:displayName']);
const tutorialClaim = constraints.characterRules.entraTutorialClaim;
const TUTORIAL_CHAR_NOTE =
  `Entra's AWS tutorial says: "${tutorialClaim.text}" ` +
  'The published AWS patterns accept those characters (they are Unicode P/S categories; tab/CR/LF are accepted for name-like fields), so the claim is unexplained; ' +
  'it may come from filter queries on matching attributes. Treat them as a warning, not an error.';

const galleryUser = new Map(defaultMappings.objectMappings.users.attributeMappings.map((m) => [m.targetAttribute, m]));
const galleryGroup = new Map(defaultMappings.objectMappings.groups.attributeMappings.map((m) => [m.targetAttribute, m]));
const galleryTable = {
  user: new Map(defaultMappings.targetAttributeTableVerbatim.users.map(([p, t, f]) => [p, { type: t, filter: f }])),
  group: new Map(defaultMappings.targetAttributeTableVerbatim.groups.map(([p, t, f]) => [p, { type: t, filter: f }])),
};

function constraintSource(key) {
  return sources.keyed('constraints', key);
}

function galleryInfo(object, path) {
  const row = galleryTable[object].get(path);
  const mapping = (object === 'user' ? galleryUser : galleryGroup).get(path);
  if (!row) return { inGalleryDefaults: false, notes: [], sources: [] };
  const info = {
    inGalleryDefaults: true,
    notes: [],
    sources: defaultMappings.targetAttributeTableVerbatim.sources.map((k) => sources.keyed('default-mappings', k)),
  };
  if (mapping) {
    if (mapping.defaultSource.expression) info.galleryDefaultSource = mapping.defaultSource.expression;
    info.galleryDefaultConfidence = mapping.confidence;
    if (mapping.defaultSource.expression) {
      info.notes.push(
        `Gallery default source: ${mapping.defaultSource.expression} (${mapping.defaultSource.mappingType} mapping; confidence: ${mapping.confidence}).`,
      );
      // default-mappings.md: only the target list is published; the user mapping's sources are reconstructed.
      if (object === 'user')
        info.notes.push(
          "Microsoft does not publish the gallery app's user source expressions; this default is reconstructed. Confirm with a tenant export.",
        );
    } else {
      info.notes.push(
        `Listed among the gallery app's attributes; its default source is not known (confidence: ${mapping.confidence}).`,
      );
    }
    if (mapping.matching?.isMatching)
      info.notes.push(`Matching attribute of the gallery app (precedence ${mapping.matching.precedence}).`);
    if (mapping.notes) info.notes.push(mapping.notes.replace(/^Note: /, ''));
    for (const ev of mapping.evidence) info.sources.push(sources.keyed('default-mappings', ev.source));
  }
  return info;
}

function patchable(value) {
  if (value === true) return { patchModifiable: true, note: undefined };
  if (typeof value === 'string') return { patchModifiable: false, note: `PATCH: ${value}.` };
  return { patchModifiable: undefined, note: undefined };
}

function buildTarget(object, spec) {
  const key = `${object}:${spec.path}`;
  const gallery = galleryInfo(object, spec.path);
  const notes = [...(spec.notes ?? [])];
  if (TUTORIAL_CHAR_WARNING_TARGETS.has(key)) notes.push(TUTORIAL_CHAR_NOTE);
  notes.push(...gallery.notes);
  const tableRow = galleryTable[object].get(spec.path);
  if (tableRow && tableRow.filter !== spec.filterable && !notes.some((n) => /does not tick|ticks/.test(n))) {
    notes.push(
      spec.filterable
        ? `Entra's AWS tutorial does not tick ${spec.path} as "Supported for Filtering", yet AWS ${object === 'user' ? 'ListUsers' : 'ListGroups'} supports \`${spec.path} eq "..."\` filters, so it can serve as a matching attribute.`
        : `Entra's AWS tutorial ticks ${spec.path} as "Supported for Filtering", but AWS does not list it as a filter attribute.`,
    );
  }
  const target = {
    path: spec.path,
    object,
    type: spec.type,
    supported: spec.supported,
  };
  if (!spec.supported) target.unsupportedReason = spec.unsupportedReason;
  target.required = spec.required ?? false;
  target.filterable = spec.filterable ?? false;
  if (spec.collection) target.collection = spec.collection;
  if (spec.collectionType) target.collectionType = spec.collectionType;
  if (spec.subAttribute) target.subAttribute = spec.subAttribute;
  target.inGalleryDefaults = gallery.inGalleryDefaults;
  if (gallery.galleryDefaultSource !== undefined) target.galleryDefaultSource = gallery.galleryDefaultSource;
  if (gallery.galleryDefaultConfidence !== undefined) target.galleryDefaultConfidence = gallery.galleryDefaultConfidence;
  if (spec.limits?.minLength !== undefined) target.minLength = spec.limits.minLength;
  if (spec.limits?.maxLength !== undefined) target.maxLength = spec.limits.maxLength;
  if (spec.limits?.pattern !== undefined) target.pattern = spec.limits.pattern;
  if (spec.limits?.allowsWhitespace !== undefined) target.allowsWhitespace = spec.limits.allowsWhitespace;
  if (spec.patchModifiable !== undefined) target.patchModifiable = spec.patchModifiable;
  target.description = spec.description;
  const allNotes = uniq(notes.filter(Boolean));
  if (allNotes.length) target.notes = allNotes;
  target.sources = uniq([...(spec.sources ?? []), ...gallery.sources]);
  if (!target.description) fail(`no description for ${key}`);
  return target;
}

/** Notes an attribute entry of constraints.json carries (notes, rules, restrictions, uniqueness). */
function attributeNotes(a) {
  const notes = [];
  if (a.notes) notes.push(sentence(a.notes));
  for (const r of a.rules ?? []) notes.push(sentence(capital(r)));
  if (a.patchRestrictions?.length) notes.push(`PATCH: ${a.patchRestrictions.join('; ')}.`);
  if (a.uniqueness && a.uniqueness !== 'none') notes.push(`Uniqueness: ${a.uniqueness}.`);
  if (typeof a.filterable === 'string')
    notes.push(`AWS filters on it only ${a.filterable.replace(/^only /, '')}; not usable as a matching attribute.`);
  if (a.caseExact === false && a.filterable === true) {
    notes.push('caseExact is false in AWS /Schemas, so equality and uniqueness are presumably case-insensitive (inference).');
  }
  if (a.storeLimits?.note && a.type === 'string') notes.push(a.storeLimits.note);
  return notes;
}

function typeOf(a) {
  const t = ENTRA_TARGET_TYPE[a.path] ?? a.type;
  if (!['string', 'boolean', 'reference', 'complex', 'integer', 'dateTime'].includes(t)) fail(`unknown type ${t} for ${a.path}`);
  return t;
}

function isSupported(a) {
  return a.supported === true || (typeof a.supported === 'string' && /^(yes|partial)/.test(a.supported));
}

function buildAwsTargets() {
  const out = [];
  const required = {
    user: new Set(constraints.users.requiredForCreateAndPut),
    group: new Set(constraints.groups.requiredForCreate),
  };
  const userAttrs = new Map(constraints.users.attributes.map((a) => [a.path, a]));

  const simple = (object, a, extra = {}) => {
    const supported = a.path === 'id' ? false : isSupported(a);
    const { patchModifiable, note: patchNote } = patchable(a.patchModifiable);
    const notes = attributeNotes(a);
    if (patchNote) notes.push(patchNote);
    if (typeof a.supported === 'string' && supported) notes.push(`AWS support: ${a.supported}.`);
    if (ENTRA_TARGET_TYPE[a.path] && ENTRA_TARGET_TYPE[a.path] !== a.type) {
      notes.push(`AWS models it as a ${a.type} attribute; Entra's AWS tutorial lists it with type Reference.`);
    }
    if (a.type === 'reference' && !ENTRA_TARGET_TYPE[a.path])
      notes.push('SCIM type reference (an external URI); Entra writes it from a plain string.');
    let limits = limitsFrom(a.storeLimits);
    // constraints.json: enterprise strings have no published limit; "assume the generic 1-1024 string rule as a heuristic only".
    if (a.type === 'string' && limits.pattern === undefined && a.storeLimits?.note && /heuristic/i.test(a.storeLimits.note)) {
      limits = limitsFrom(GEN);
    }
    const spec = {
      path: a.path,
      type: typeOf(a),
      supported,
      unsupportedReason: supported ? undefined : UNSUPPORTED_REASONS[`${object}:${a.path}`],
      required: required[object].has(a.path) || a.required === true,
      filterable: a.filterable === true,
      limits: supported ? limits : {},
      patchModifiable: supported ? patchModifiable : undefined,
      description: TARGET_DESCRIPTIONS[`${object}:${a.path}`],
      notes,
      sources: a.sources.map(constraintSource),
      ...extra,
    };
    if (!spec.supported && !spec.unsupportedReason) fail(`no unsupported reason for ${object}:${a.path}`);
    return buildTarget(object, spec);
  };

  const collection = (parent) => {
    const coll = parent.path;
    const def = COLLECTIONS[coll];
    const parentNotes = attributeNotes(parent);
    const { patchModifiable, note: patchNote } = patchable(parent.patchModifiable);
    if (patchNote) parentNotes.push(patchNote);
    const typeDef = userAttrs.get(`${coll}.type`);
    if (typeDef?.canonicalValues)
      parentNotes.push(`Canonical ${coll}.type values in AWS /Schemas: ${typeDef.canonicalValues.join(', ')}.`);
    if (parent.maxItems === 1) {
      parentNotes.push(
        `AWS accepts at most one ${coll} element. Entra turns each distinct [${def.filterAttr} eq "..."] filter into its own element, so mapping two different ${coll}[...] filters makes AWS reject the user ("List attribute {{${coll}}} exceeds allowed limit of 1").`,
      );
    }
    if (coll === 'roles') {
      parentNotes.push(
        'Entra fills roles from the app-role functions (SingleAppRoleAssignment for roles[primary eq "True"].value/.display/.type).',
      );
    }
    for (const type of def.types) {
      for (const sub of [...def.subs, 'display']) {
        const path = `${coll}[${def.filterAttr} eq "${type}"].${sub}`;
        const subDef = userAttrs.get(`${coll}.${sub}`);
        const supported = sub === 'display' ? false : subDef ? isSupported(subDef) : true;
        let limits = {};
        let subSources = [];
        if (supported) {
          limits = limitsFrom(subDef?.storeLimits ?? GEN);
          subSources = (subDef?.sources ?? ['aws-idstore-model']).map(constraintSource);
        } else if (subDef) {
          subSources = subDef.sources.map(constraintSource);
        }
        const notes = [...parentNotes];
        if (subDef?.notes) notes.push(subDef.notes);
        if (!subDef && sub !== 'display') notes.push(`constraints.md gives the generic string rule (GEN) for ${coll} values.`);
        const spec = {
          path,
          type: 'string',
          supported,
          unsupportedReason: supported ? undefined : UNSUPPORTED_REASONS['user:display'],
          required: false,
          filterable: false,
          collection: coll,
          collectionType: def.filterAttr === 'type' ? type : undefined,
          subAttribute: sub,
          limits,
          patchModifiable: supported ? patchModifiable : undefined,
          description: collectionDescription(coll, type, sub),
          notes,
          sources: uniq([...parent.sources.map(constraintSource), ...subSources]),
        };
        out.push(buildTarget('user', spec));
      }
    }
  };

  for (const a of constraints.users.attributes) {
    if (a.path === 'name') continue; // written through its sub-attributes (name.givenName, ...)
    if (/^(emails|phoneNumbers|addresses)\./.test(a.path)) continue; // folded into the collection targets
    if (COLLECTIONS[a.path]) {
      collection(a);
      continue;
    }
    if (a.path === 'meta') {
      out.push(
        buildTarget('user', {
          path: 'meta.version',
          type: 'string',
          supported: false,
          unsupportedReason: UNSUPPORTED_REASONS['user:meta.version'],
          description: TARGET_DESCRIPTIONS['user:meta.version'],
          notes: a.notes ? [a.notes] : [],
          sources: a.sources.map(constraintSource),
        }),
      );
      continue;
    }
    if (a.path.startsWith('name.')) {
      const parent = userAttrs.get('name');
      const { patchModifiable } = patchable(parent.patchModifiable);
      const t = simple('user', a, { patchModifiable });
      t.notes = uniq([...(t.notes ?? []), 'PATCH-modifiable through "name".']);
      t.sources = uniq([...t.sources, ...parent.sources.map(constraintSource)]);
      out.push(t);
      continue;
    }
    out.push(simple('user', a));
    if (a.path === `${ENTERPRISE}:manager`) {
      out.push(
        buildTarget('user', {
          path: `${ENTERPRISE}:manager.displayName`,
          type: 'string',
          supported: false,
          unsupportedReason: UNSUPPORTED_REASONS['user:manager.displayName'],
          description: TARGET_DESCRIPTIONS[`user:${ENTERPRISE}:manager.displayName`],
          sources: a.sources.map(constraintSource),
        }),
      );
    }
  }

  for (const a of constraints.groups.attributes) {
    if (a.path === 'description') {
      out.push(
        buildTarget('group', {
          path: a.path,
          type: 'string',
          supported: false,
          unsupportedReason: UNSUPPORTED_REASONS['group:description'],
          description: TARGET_DESCRIPTIONS['group:description'],
          notes: [a.notes].filter(Boolean),
          sources: a.sources.map(constraintSource),
        }),
      );
      continue;
    }
    out.push(simple('group', a));
  }

  // Every row of the gallery table must have become a target.
  for (const object of ['user', 'group']) {
    for (const p of galleryTable[object].keys()) {
      if (!out.some((t) => t.object === object && t.path === p))
        fail(`gallery target ${object}:${p} missing from the AWS catalog`);
    }
  }
  const seen = new Set();
  for (const t of out) {
    const k = `${t.object}:${t.path}`;
    if (seen.has(k)) fail(`duplicate target ${k}`);
    seen.add(k);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entra source attributes (entra/source-attributes-graded.json, gaps from source-attributes.json)
// ---------------------------------------------------------------------------------------------

// source-attributes-graded.json names that are not what appears inside [ ]; the reference writes
// the photo attribute as "photo (thumbnailPhoto)".
const ENTRA_NAME_FIXUPS = {
  'photo (thumbnailPhoto)': 'thumbnailPhoto',
};

// source-attributes.json spells the directory-extension pattern differently from the graded file.
const LEGACY_NAME = {
  'extension_<appIdWithoutHyphens>_<attributeName>': 'extension_<appId>_<attributeName>',
};

// source-attributes-graded.md ("directory-extension pattern", "custom security attributes"):
// name patterns as JavaScript regular expression sources. An appId without hyphens is 32 hex digits.
const ENTRA_NAME_PATTERNS = {
  'extension_<appIdWithoutHyphens>_<attributeName>': '^extension_[0-9A-Fa-f]{32}_[A-Za-z0-9_]+$',
  'CustomSecurityAttributes.<AttributeSetName>_<AttributeName>': '^CustomSecurityAttributes\\.[A-Za-z0-9]+_[A-Za-z0-9_]+$',
};

// entra/scoping.md §7 and scoping.json model.unsupportedAttributes: attributes a scoping clause
// cannot use, by name.
const SCOPE_UNSUPPORTED_BY_NAME = {
  manager: 'manager is not supported as a scoping-filter attribute (Entra known issues).',
  appRoleAssignments: 'appRoleAssignments is not supported as a scoping-filter attribute (Entra known issues).',
  userType: 'userType is not supported as a scoping-filter attribute (Entra known issues).',
  members: 'Group membership (the group "members" attribute) cannot be used in a scoping clause; use assignment scope instead.',
  IsMemberOf: 'IsMemberOf (group membership) filters are not supported in scoping filters; use assignment scope instead.',
};
const SCOPE_UNSUPPORTED_DATE = 'Date-type attributes are not supported in scoping filters.';
const SCOPE_UNSUPPORTED_MULTI = 'Filtering is not supported for multi-valued attributes.';
const SCOPE_UNSUPPORTED_NOT_SOURCE =
  'Not available as an outbound source attribute, so it cannot appear in a scoping clause either.';

// entra/scoping.md §7 names IsMemberOf as an unsupported scoping attribute; it is not in the source
// attribute lists. It is added as "unavailable" only so that scope checks can explain the rejection.
const EXTRA_ENTRA_ATTRIBUTES = [
  {
    object: 'user',
    name: 'IsMemberOf',
    type: 'String',
    multiValued: false,
    status: 'unavailable',
    description: 'Group-membership test some tools offer in scoping filters; Entra provisioning does not support it.',
    notes: [
      'Not a source attribute: listed by the scoping documentation only as unsupported in scoping filters. Its type is not documented.',
    ],
    sources: [
      {
        repo: 'MicrosoftDocs/entra-docs',
        path: 'docs/identity/app-provisioning/define-conditional-rules-for-provisioning-user-accounts.md',
        commit: '00316808e6291ca661cca091f977673e9a8d9619',
      },
      {
        repo: 'MicrosoftDocs/entra-docs',
        path: 'docs/identity/app-provisioning/known-issues.md',
        commit: '0f0b8621c9db71436b8a64c85801d0b3a4fb2db5',
      },
    ],
  },
];

// Descriptions (wording ours). Graph v1.0 equivalents come from source-attributes-graded.json/.md.
const ENTRA_DESCRIPTIONS = {
  'user:objectId': 'Entra object id (GUID) of the user.',
  'user:IsSoftDeleted':
    'Computed: True when the user is unassigned or out of scope, soft-deleted, or disabled (accountEnabled false). Drives the SCIM active attribute.',
  'user:accountEnabled': 'Whether the account is enabled.',
  'user:streetAddress': 'Street address.',
  'user:city': 'City.',
  'user:state': 'State or province.',
  'user:postalCode': 'Postal code.',
  'user:country': 'Country or region.',
  'user:companyName': 'Company name.',
  'user:department': 'Department.',
  'user:dirSyncEnabled': 'Whether the user is synchronised from on-premises AD (Graph: onPremisesSyncEnabled).',
  'user:displayName': 'Display name.',
  'user:appRoleAssignments': "The user's app role assignments for this application; use only through the app-role functions.",
  'user:facsimileTelephoneNumber': 'Fax number (Graph: faxNumber).',
  'user:givenName': 'Given name (first name).',
  'user:jobTitle': 'Job title.',
  'user:mail': 'Primary SMTP address; often empty for users without a mailbox.',
  'user:mailNickname': 'Mail alias.',
  'user:manager': "Reference to the user's manager (a User).",
  'user:mobile': 'Mobile phone number (Graph: mobilePhone).',
  'user:onPremisesSecurityIdentifier': 'On-premises security identifier (SID) of a synchronised user.',
  'user:originalUserPrincipalName': 'Original user principal name (only in the 2017 directory definition).',
  'user:passwordProfile.password': 'Password profile entry of the directory definition; provisioning passwords is not supported.',
  'user:physicalDeliveryOfficeName': 'Office location (Graph: officeLocation).',
  'user:preferredLanguage': 'Preferred language, e.g. en-US.',
  'user:proxyAddresses': 'Proxy addresses (multi-valued), e.g. SMTP:alice@contoso.com.',
  'user:surname': 'Surname (last name).',
  'user:telephoneNumber': 'Business phone number (Graph: businessPhones[0]).',
  'user:userPrincipalName': 'User principal name (sign-in name); guest UPNs contain #EXT#.',
  'user:employeeId': 'Employee identifier.',
  'user:employeeHireDate': 'Hire date of the employee.',
  'user:employeeType': 'Employee type, e.g. Employee or Contractor.',
  'user:employeeOrgData.costCenter': 'Cost center (Graph: employeeOrgData.costCenter).',
  'user:employeeOrgData.division': 'Division (Graph: employeeOrgData.division).',
  'user:otherMails': 'Additional email addresses (multi-valued).',
  'user:onPremisesDistinguishedName': 'On-premises distinguished name of a synchronised user.',
  'user:userType': 'Member or Guest.',
  'user:onPremisesSamAccountName': 'On-premises sAMAccountName of a synchronised user.',
  'user:onPremisesDomainName': 'On-premises domain name of a synchronised user.',
  'user:CustomSecurityAttributes.<AttributeSetName>_<AttributeName>':
    'Custom security attribute, named CustomSecurityAttributes.<AttributeSetName>_<AttributeName>.',
  'user:thumbnailPhoto': "The user's photo.",
  'user:extension_<appIdWithoutHyphens>_<attributeName>':
    'Directory extension attribute, named extension_<appId without hyphens>_<attributeName> (case-sensitive).',
  'group:objectId': 'Entra object id (GUID) of the group.',
  'group:displayName': 'Display name of the group.',
  'group:members': 'Direct members of the group (users and groups).',
  'group:appRoleAssignments': "The group's app role assignments for this application; use only through the app-role functions.",
  'group:description': 'Description of the group.',
  'group:mail': 'Primary SMTP address of the group.',
  'group:mailNickname': 'Mail alias of the group.',
  'group:mailEnabled': 'Whether the group is mail-enabled.',
  'group:securityEnabled': 'Whether the group is a security group.',
  'group:dirSyncEnabled': 'Whether the group is synchronised from on-premises AD.',
  'group:extension_<appIdWithoutHyphens>_<attributeName>':
    'Group directory extension attribute, named extension_<appId without hyphens>_<attributeName> (case-sensitive).',
};
for (let i = 1; i <= 15; i++) {
  ENTRA_DESCRIPTIONS[`user:extensionAttribute${i}`] =
    `Exchange/on-premises extension attribute ${i} (Graph: onPremisesExtensionAttributes.extensionAttribute${i}).`;
}

function legacyEntry(object, name) {
  const section = legacyAttributes[object];
  const wanted = LEGACY_NAME[name] ?? name;
  for (const list of [section.core, section.additionalDocumented]) {
    const hit = list?.find((a) => a.name === wanted);
    if (hit) return hit;
  }
  return undefined;
}

function buildEntraAttributes() {
  const out = [];
  for (const object of ['user', 'group']) {
    const rows = [...graded[object].map((a) => ({ ...a, object })), ...EXTRA_ENTRA_ATTRIBUTES.filter((a) => a.object === object)];
    for (const a of rows) {
      const name = ENTRA_NAME_FIXUPS[a.name] ?? a.name;
      if (!['String', 'Boolean', 'Integer', 'DateTime', 'Reference', 'Binary'].includes(a.type))
        fail(`unknown Entra type ${a.type}`);
      if (!['confirmed', 'likely', 'unavailable'].includes(a.status)) fail(`unknown status ${a.status}`);
      const notes = [];
      const srcKeys = [];
      if (typeof a.notes === 'string') notes.push(a.notes);
      else if (Array.isArray(a.notes)) notes.push(...a.notes);
      if (name !== a.name) notes.push(`The reference lists it as "${a.name}".`);
      if (a.usable === false)
        notes.push('Do not use as a source: the provisioning service does not support it (warn when mapped).');
      if (a.anchor) notes.push('Anchor attribute of the directory definition.');
      if (a.referencedObjects) notes.push(`References: ${a.referencedObjects.join(', ')}.`);
      if (a.status === 'likely')
        notes.push(
          'Graded "likely": the engine uses this name, but no text lists it among outbound source attributes; confirm in a tenant.',
        );
      if (a.status === 'unavailable') notes.push('Graded "unavailable": do not offer it as a source attribute.');
      for (const s of a.sources ?? []) srcKeys.push(sources.inline(s));
      // Fill gaps from the first-pass list (source-attributes.json): its note is used when the graded
      // file has none, or when it carries AWS-specific advice the graded pass dropped.
      const legacy = legacyEntry(object, a.name);
      if (legacy?.notes && (a.notes === undefined || /\bAWS\b/.test(legacy.notes)) && !notes.includes(legacy.notes)) {
        notes.push(legacy.notes);
        for (const ev of legacy.evidence ?? []) srcKeys.push(sources.keyed('source-attributes', ev));
      }
      let scopeReason;
      if (SCOPE_UNSUPPORTED_BY_NAME[name]) scopeReason = SCOPE_UNSUPPORTED_BY_NAME[name];
      else if (a.type === 'DateTime') scopeReason = SCOPE_UNSUPPORTED_DATE;
      else if (a.multiValued) scopeReason = SCOPE_UNSUPPORTED_MULTI;
      else if (name.startsWith('CustomSecurityAttributes.')) scopeReason = SCOPE_UNSUPPORTED_NOT_SOURCE;
      const entry = {
        name,
        object,
        type: a.type,
        multiValued: a.multiValued,
        status: a.status,
      };
      const pattern = ENTRA_NAME_PATTERNS[a.name];
      if (a.pattern && !pattern) fail(`no name pattern for ${a.name}`);
      if (pattern) {
        new RegExp(pattern);
        entry.pattern = pattern;
      }
      if (name === 'IsSoftDeleted') entry.computed = true;
      entry.scopable = scopeReason === undefined;
      if (scopeReason) entry.scopeUnsupportedReason = scopeReason;
      entry.description = a.description ?? ENTRA_DESCRIPTIONS[`${object}:${name}`];
      if (!entry.description) fail(`no description for Entra ${object}:${name}`);
      const allNotes = uniq(notes);
      if (allNotes.length) entry.notes = allNotes;
      entry.sources = uniq(srcKeys);
      if (entry.sources.length === 0) fail(`no sources for Entra ${object}:${name}`);
      out.push(entry);
    }
  }
  const seen = new Set();
  for (const e of out) {
    const k = `${e.object}:${e.name}`;
    if (seen.has(k)) fail(`duplicate Entra attribute ${k}`);
    seen.add(k);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Functions (entra/functions.json)
// ---------------------------------------------------------------------------------------------

// functions.json parameter types -> ParamType (types.ts). Expression-like and attribute-like
// parameters accept any value; "Boolean String" (Not) is Boolean per Graph's function schema.
const PARAM_TYPES = {
  String: 'String',
  Num: 'Integer',
  Number: 'Integer',
  Integer: 'Integer',
  DateTime: 'DateTime',
  Date: 'Any', // DateFromNum: "AD date number"; attribute values are often strings
  Enum: 'Enum',
  Boolean: 'Boolean',
  'Boolean String': 'Boolean',
  Reference: 'Reference',
  Binary: 'Binary',
  Expression: 'Any',
  expression: 'Any',
  'Variable or Expression': 'Any',
  'Variable or String': 'Any',
  'numeric, reference, or boolean': 'Any',
  attribute: 'Any',
  Attribute: 'Any',
  'Multi-valued Attribute': 'Any',
};

// expression-grammar.md §2.7 and functions.json parameter descriptions: bare enum identifiers.
const ENUM_VALUES = {
  'InStr.compareType': ['vbBinaryCompare', 'vbTextCompare'],
  'ConvertFromBase64.Encoding': ['Unicode', 'ASCII', 'UTF8'],
};

// expression-grammar.md §3 lists StripSpaces among the functions whose Graph key `source` appears in
// Graph's function-schema sample, although its functions.json entry carries no graphSchema block.
const GRAPH_KEYS_FROM_GRAMMAR = {
  StripSpaces: ['source'],
};

// functions.json: SelectUniqueValue's single repeating parameter needs "at least two rules".
const MIN_ARGS_OVERRIDE = {
  SelectUniqueValue: 2,
};

// Functions whose result is multi-valued. All but AppRoleAssignments say so in their returnType;
// AppRoleAssignments' return type is "unknown" in functions.json (Graph sample only) and is treated
// as multi-valued by analogy with AppRoleAssignmentsComplex (see the note added to it).
const MULTI_VALUED_PRESUMED = {
  AppRoleAssignments:
    'Return type is unknown (Graph function-schema sample only); the catalog treats the result as multi-valued by analogy with AppRoleAssignmentsComplex.',
};

/** The Graph key a doc parameter name most likely has: "source1 … sourceN" -> "source". */
function guessGraphKey(name) {
  const repeating = name.includes('…');
  let n = name.replace(/[[\]]/g, '').split(/\s*…\s*|\s+/)[0];
  n = n.split('/')[0];
  // "source1 … sourceN" names a repeating parameter; its key carries no number.
  if (repeating) n = n.replace(/\d+$/, '');
  return n;
}

function learnUrl(ref, anchor) {
  if (ref?.repo !== 'MicrosoftDocs/entra-docs' || !ref.path?.startsWith('docs/') || !ref.path.endsWith('.md')) return undefined;
  return `https://learn.microsoft.com/en-us/entra/${ref.path.slice('docs/'.length, -'.md'.length)}${anchor ?? ''}`;
}

function isSourceObject(v) {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    (typeof v.repo === 'string' || typeof v.url === 'string' || typeof v.issue === 'string')
  );
}

const EXAMPLE_CORE = new Set(['kind', 'expression', 'input', 'output', 'note']);

function buildExample(e) {
  const ex = { kind: e.kind, expression: e.expression, input: e.input ?? null, output: e.output ?? null };
  if (e.note !== undefined) ex.note = e.note;
  const exSources = [];
  const details = {};
  for (const k of Object.keys(e)) {
    if (EXAMPLE_CORE.has(k)) continue;
    const v = e[k];
    if (k === 'source' && isSourceObject(v)) exSources.push(sources.inline(v));
    else if (k === 'source' && typeof v === 'string') details.sourceText = v;
    else if (isSourceObject(v)) details[k] = sources.inline(v);
    else details[k] = v;
  }
  if (exSources.length) ex.sources = exSources;
  if (Object.keys(details).length) ex.details = details;
  return ex;
}

function buildFunctions() {
  const out = [];
  for (const f of functionsRef) {
    const gsKeys = new Set([
      ...(f.graphSchema?.parameters ?? []).map((s) => s.split(/[\s(]/)[0]),
      ...(GRAPH_KEYS_FROM_GRAMMAR[f.name] ?? []),
    ]);
    // A function known only from Graph's function-schema sample takes its keys from that sample.
    const wholeEntryFromGraphSample = f.status === 'graph-schema-sample-only';
    const params = f.parameters.map((p) => {
      const type = PARAM_TYPES[p.type];
      if (!type) fail(`unknown parameter type "${p.type}" in ${f.name}`);
      const graphKey = p.graphKey ?? guessGraphKey(p.name);
      const param = {
        name: p.name,
        graphKey,
        graphKeyConfirmed: p.graphKey !== undefined && (gsKeys.has(p.graphKey) || wholeEntryFromGraphSample),
        required: p.required,
      };
      if (p.repeating) param.repeats = true;
      param.type = type;
      if (p.type !== type) param.rawType = p.type;
      const enumValues = ENUM_VALUES[`${f.name}.${p.name}`];
      if (type === 'Enum' && !enumValues) fail(`no enum values for ${f.name}.${p.name}`);
      if (enumValues) param.enumValues = enumValues;
      param.description = p.description || 'Not described by the reference.';
      return param;
    });
    let lastRequired = -1;
    params.forEach((p, i) => {
      if (p.required) lastRequired = i;
    });
    const minArgs = MIN_ARGS_OVERRIDE[f.name] ?? lastRequired + 1;
    const maxArgs = params.some((p) => p.repeats) ? null : params.length;
    if (maxArgs !== null && minArgs > maxArgs) fail(`minArgs > maxArgs for ${f.name}`);

    const notes = [...f.notes];
    if (f.graphSchema?.note) notes.push(f.graphSchema.note);
    if (MULTI_VALUED_PRESUMED[f.name]) notes.push(MULTI_VALUED_PRESUMED[f.name]);
    if (MIN_ARGS_OVERRIDE[f.name]) notes.push(`Takes at least ${MIN_ARGS_OVERRIDE[f.name]} arguments.`);
    if (f.table) {
      const cols = f.table.columns;
      for (const row of f.table.rows) {
        notes.push(
          `Doc table: ${row[0]}: ${cols
            .slice(1)
            .map((c, i) => `${c} = ${JSON.stringify(row[i + 1])}`)
            .join(', ')}.`,
        );
      }
    }
    const status = f.status === 'app-provisioning-reference' ? 'documented' : 'elsewhere-only';
    const fnSources = [];
    if (f.source) fnSources.push(sources.inline(f.source));
    if (f.relatedDoc) fnSources.push(sources.inline(f.relatedDoc));
    if (f.graphSchema?.source) fnSources.push(sources.inline(f.graphSchema.source));
    const sig = {
      name: f.name,
      status,
      statusDetail: f.status,
      syntax: f.syntax,
      description: f.description,
      parameters: params,
      minArgs,
      maxArgs,
      returnType: f.returnType,
      returnsMultiValued: /multi-valued/i.test(f.returnType) || MULTI_VALUED_PRESUMED[f.name] !== undefined,
      notes: uniq(notes),
      examples: f.examples.map(buildExample),
    };
    if (f.characterMap) sig.characterMap = f.characterMap;
    const docUrl = learnUrl(f.source, f.anchor);
    if (docUrl) sig.docUrl = docUrl;
    sig.sources = uniq(fnSources);
    out.push(sig);
  }
  const names = new Set();
  for (const f of out) {
    const k = f.name.toLowerCase();
    if (names.has(k)) fail(`duplicate function ${f.name}`);
    names.add(k);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scope operators (entra/scoping.json)
// ---------------------------------------------------------------------------------------------

// entra/scoping.md §3 table ("Value" and "Case-sensitive" columns): what each operator's value is,
// and whether the comparison is case-sensitive (n/a -> false; not stated / ? -> 'unknown').
const OPERATOR_VALUE = {
  EQUALS: { valueType: 'string', caseSensitive: true },
  'NOT EQUALS': { valueType: 'string', caseSensitive: true },
  'IS TRUE': { valueType: 'none', caseSensitive: false },
  'IS FALSE': { valueType: 'none', caseSensitive: false },
  'IS NULL': { valueType: 'none', caseSensitive: false },
  'IS NOT NULL': { valueType: 'none', caseSensitive: false },
  'REGEX MATCH': { valueType: 'regex', caseSensitive: true },
  'NOT REGEX MATCH': {
    valueType: 'regex',
    caseSensitive: true,
    caseNote: 'Case sensitivity is inferred (from REGEX MATCH), not stated for this operator.',
  },
  Greater_Than: { valueType: 'integer', caseSensitive: false },
  Greater_Than_OR_EQUALS: { valueType: 'integer', caseSensitive: false },
  Includes: { valueType: 'string', caseSensitive: true },
  ENDS_WITH: { valueType: 'string', caseSensitive: 'unknown' },
  '&': { valueType: 'unknown', caseSensitive: 'unknown', semanticsUnknown: true },
  '!&': { valueType: 'unknown', caseSensitive: 'unknown', semanticsUnknown: true },
};

function buildScopeOperators() {
  const out = [];
  for (const op of scoping.operators) {
    const table = OPERATOR_VALUE[op.portalLabel];
    if (!table) fail(`no value table entry for operator ${op.portalLabel}`);
    const graphName = op.graphOperatorName.replace(/\s*\(.*$/s, '');
    const graphParen = /\((.*)\)\s*$/s.exec(op.graphOperatorName)?.[1];
    const arity = /^unary/i.test(op.arity) ? 'unary' : 'binary';
    const attributeTypes = Array.isArray(op.supportedAttributeTypes?.value) ? op.supportedAttributeTypes.value : [];
    const notes = [];
    const confirmed = /^confirmed/.test(op.graphNameConfidence);
    if (!confirmed)
      notes.push(
        `Graph operatorName not confirmed: ${graphParen ?? op.graphNameConfidence}. Compare operator names case-insensitively.`,
      );
    if (/presumed/i.test(op.arity)) notes.push(`Arity presumed (${op.arity}).`);
    if (op.supportedAttributeTypes?.from) notes.push(`Attribute types from: ${op.supportedAttributeTypes.from}.`);
    else if (attributeTypes.length === 0) notes.push('Attribute types are unknown.');
    if (op.targetValue) notes.push(sentence(`Value: ${op.targetValue}`));
    if (op.nullOrEmptySource) notes.push(sentence(`Null/empty attribute: ${op.nullOrEmptySource}`));
    if (table.caseNote) notes.push(table.caseNote);
    if (table.caseSensitive === false && op.caseSensitive === null) notes.push('Case sensitivity does not apply.');
    notes.push(...(op.notes ?? []));
    const entry = {
      name: op.portalLabel,
      graphName,
      graphNameConfirmed: confirmed,
      arity,
      valueType: table.valueType,
      attributeTypes,
      caseSensitive: table.caseSensitive,
    };
    if (table.semanticsUnknown) entry.semanticsUnknown = true;
    entry.description = op.semantics;
    entry.notes = uniq(notes);
    entry.sources = uniq(op.source.map((s) => sources.inline(s)));
    if (arity === 'unary' && table.valueType !== 'none') fail(`unary operator ${op.portalLabel} with a value`);
    out.push(entry);
  }
  if (out.length !== 14) fail(`expected 14 scope operators, found ${out.length}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Failure modes
// ---------------------------------------------------------------------------------------------

// aws/failure-modes.md is prose: this table encodes the sections the checks and the dry run catch
// (high and medium confidence only), with the statements messages and hovers quote. `codes` are the
// diagnostic and dry-run codes that catch each one; `by` names who published a statement; `note`
// says where the sources are unsure.
const FAILURE_MODES = [
  {
    id: 'empty-strings',
    section: 4,
    confidence: 'medium',
    title: 'Empty strings produced by expressions',
    summary:
      'Entra skips null values but sends an expression\'s empty string as it is, and AWS rejects "" (every Identity Store string has at least one character).',
    codes: ['empty-string-default', 'invalid-characters', 'required-missing'],
    statements: [
      {
        by: 'Okta',
        text: '"" is not supported, fields must either be null or have a literal value, and cannot be an empty string.',
        source: {
          note: 'Okta KB "AWS Provisioning Error: Request is unparsable, syntactically incorrect, or violates schema" (quoted in aws/failure-modes.md §4)',
        },
      },
      { by: 'AWS', text: 'SensitiveStringType: min length 1; UserName: min length 1.', source: 'constraints:aws-idstore-model' },
    ],
    note: "The AWS side comes from Okta's knowledge base and the Identity Store API model, not from a report about Entra.",
    extraSources: ['entra-expressions'],
  },
  {
    id: 'stale-values',
    section: 5,
    confidence: 'high',
    title: 'Attribute values are never cleared in AWS',
    summary:
      'When an attribute is removed in Entra, the old value stays in AWS: Entra does not send nulls or remove operations to outbound apps.',
    codes: ['stale-value'],
    statements: [
      {
        by: 'AWS',
        text: 'If an attribute is removed from a user in Azure AD, that attribute will not be removed from the corresponding user in IAM Identity Center. This is a known limitation.',
        source: { repo: 'awsdocs/aws-single-sign-on-user-guide', path: 'doc_source/azure-ad-idp.md' },
      },
      {
        by: 'Microsoft',
        text: "The Microsoft Entra provisioning service doesn't support provisioning null values.",
        source: { repo: 'MicrosoftDocs/entra-docs', path: 'docs/identity/app-provisioning/customize-application-attributes.md' },
      },
    ],
  },
  {
    id: 'saml-nameid',
    section: 6,
    confidence: 'high',
    title: 'SAML NameID does not match the SCIM userName',
    summary:
      'AWS signs users in by matching the SAML NameID exactly to userName; a userName from another source, or mapped only on create, locks users out after a rename.',
    codes: ['saml-nameid-mismatch'],
    statements: [
      {
        by: 'AWS',
        text: 'The nameID value must exactly match the user name of an existing user in IAM Identity Center… the inbound match is based on username.',
        source: { repo: 'awsdocs/aws-single-sign-on-user-guide', path: 'doc_source/troubleshooting.md' },
      },
      {
        by: 'Microsoft',
        text: "Make sure the username and email address entered in AWS IAM Identity Center matches the user's Microsoft Entra sign-in name.",
        source: {
          note: 'Entra tutorial "Microsoft Entra SSO integration with AWS IAM Identity Center" (aws-single-sign-on-tutorial, quoted in aws/failure-modes.md §6)',
        },
      },
    ],
  },
  {
    id: 'multiple-matching',
    section: 7,
    confidence: 'high',
    title: 'More than one matching attribute',
    summary: 'AWS asks the identity provider to match on a single attribute; several can fail the lookup.',
    codes: ['matching-multiple', 'matching-not-filterable'],
    statements: [
      {
        by: 'AWS',
        text: 'Your IdP is trying to match users … based on multiple attributes… ensure that your SCIM configuration in your IdP is using only a single attribute for matching.',
        source: 'constraints:aws-ug-troubleshooting',
      },
    ],
  },
  {
    id: 'username-constraints',
    section: 8,
    confidence: 'high',
    title: 'userName length, whitespace and reserved names',
    summary: 'AWS rejects userNames longer than 128 characters, with whitespace, or with a reserved name.',
    codes: ['value-too-long', 'invalid-characters', 'reserved-name', 'username-whitespace-source'],
    statements: [
      {
        by: 'AWS',
        text: 'UserName: length 1 to 128, pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+ (no whitespace).',
        source: 'constraints:aws-idstore-model',
      },
      {
        by: 'AWS',
        text: "Administrator and AWSAdministrators are reserved names and can't be used for users or groups.",
        source: 'constraints:aws-idstore-model',
      },
    ],
    note: 'Length and reserved names are documented; the exact character set is not (the older API documentation also excluded "<>;:%").',
  },
  {
    id: 'multi-valued',
    section: 10,
    confidence: 'high',
    title: 'A second value for a single-value collection',
    summary:
      'AWS accepts one value each for emails, phoneNumbers, addresses and roles: a second address type or several app roles make AWS reject the user.',
    codes: ['target-multi-valued'],
    statements: [
      {
        by: 'AWS',
        text: 'We do not support multiple values in multi-value attributes (such as emails, addresses, phoneNumbers, roles). Only single values are permitted.',
        source: 'constraints:aws-dg-createuser',
      },
    ],
  },
  {
    id: 'unsupported-attributes',
    section: 11,
    confidence: 'high',
    title: 'Unsupported target attributes and sub-attributes',
    summary: 'AWS rejects requests that carry attributes it does not support, and every path under them.',
    codes: ['target-unsupported'],
    statements: [
      {
        by: 'AWS',
        text: 'The groups field cannot be specified with the createUser request.',
        source: 'constraints:aws-dg-createuser',
      },
    ],
  },
  {
    id: 'nested-groups',
    section: 12,
    confidence: 'high',
    title: 'Nested groups and members outside the user scope',
    summary: 'Entra provisions only direct user members of assigned groups, and AWS has no nested groups.',
    codes: ['member-nested-group', 'member-out-of-scope', 'member-not-evaluated'],
    statements: [
      {
        by: 'Microsoft',
        text: "The Microsoft Entra user provisioning service can't read or provision users in nested groups. The service can only read and provision users that are immediate members of an explicitly assigned group.",
        source: {
          note: 'Entra "How application provisioning works" (how-provisioning-works.md, quoted in aws/failure-modes.md §12)',
        },
      },
      {
        by: 'AWS',
        text: "IAM Identity Center doesn't support nested groups.",
        source: 'constraints:aws-ug-users-groups-provisioning',
      },
    ],
  },
  {
    id: 'scope-null',
    section: 13,
    confidence: 'high',
    title: 'Scoping clauses are false for empty values',
    summary: 'A NOT EQUALS or NOT REGEX MATCH clause also excludes users without a value.',
    codes: ['scope-null-excluded'],
    statements: [
      {
        by: 'Microsoft',
        text: 'Scoping filters will return "false" if the value is null / empty.',
        source: {
          repo: 'MicrosoftDocs/entra-docs',
          path: 'docs/identity/app-provisioning/define-conditional-rules-for-provisioning-user-accounts.md',
        },
      },
    ],
  },
  {
    id: 'deprovisioning',
    section: 14,
    confidence: 'high',
    title: 'Deprovisioning without an active mapping',
    summary: 'Without an active mapping derived from IsSoftDeleted, users who lose access stay enabled in AWS.',
    codes: ['active-not-soft-delete'],
    statements: [],
    extraSources: ['entra-known-issues'],
  },
  {
    id: 'token-expiry',
    section: 19,
    confidence: 'high',
    title: 'The SCIM access token expires after a year',
    summary:
      "AWS's SCIM access token is valid for one year; AWS sends reminders from 90 days before. After expiry Entra gets 401, quarantines the job and disables it after 4 weeks. Rotate the token in AWS and paste it into the Entra app before it expires.",
    codes: [],
    statements: [],
    extraSources: ['aws-ug-provision-automatically'],
  },
  {
    id: 'quotas',
    section: 20,
    confidence: 'medium',
    title: 'Identity store quotas',
    summary:
      'AWS refuses users or groups beyond the identity store\'s quota ("The request would cause the number of users or groups in the identity store to exceed the maximum allowed"); AWS\'s 2022 quota table gives 50,000 users and 10,000 groups (adjustable). "Sync all users and groups" on a large tenant can reach it.',
    codes: [],
    statements: [],
    note: "The figures come from AWS's 2022 quota table and may be outdated; the current identity-store numbers were not found.",
    extraSources: ['constraints:aws-ug-archived-limits', 'constraints:aws-idstore-model'],
  },
];

function sourceKey(ref) {
  if (typeof ref !== 'string') return sources.inline(ref);
  const colon = ref.indexOf(':');
  const tag = ref.slice(0, colon);
  if (colon > 0 && sources.tables.has(tag)) return sources.keyed(tag, ref.slice(colon + 1));
  return ref;
}

function buildFailureModes() {
  return FAILURE_MODES.map((m) => {
    const statements = m.statements.map((s) => ({ by: s.by, text: s.text, source: sourceKey(s.source) }));
    const entry = {
      id: m.id,
      section: m.section,
      title: m.title,
      confidence: m.confidence,
      summary: m.summary,
      codes: m.codes,
      statements,
      sources: uniq([...statements.map((s) => s.source), ...(m.extraSources ?? []).map(sourceKey)]),
    };
    if (m.note) entry.note = m.note;
    return entry;
  });
}

// ---------------------------------------------------------------------------------------------

const awsTargets = buildAwsTargets();
const entraAttributes = buildEntraAttributes();
const functions = buildFunctions();
const scopeOperators = buildScopeOperators();
const failureModes = buildFailureModes();
const sourcesJson = sources.toJSON();

// Every source key used must be in sources.json.
function checkSources(where, list) {
  for (const k of list ?? []) if (!(k in sourcesJson)) fail(`${where} cites unknown source ${k}`);
}
for (const t of awsTargets) checkSources(`target ${t.path}`, t.sources);
for (const e of entraAttributes) checkSources(`attribute ${e.name}`, e.sources);
for (const f of functions) {
  checkSources(`function ${f.name}`, f.sources);
  for (const ex of f.examples) checkSources(`example of ${f.name}`, ex.sources);
}
for (const o of scopeOperators) checkSources(`operator ${o.name}`, o.sources);
for (const m of failureModes) checkSources(`failure mode ${m.id}`, m.sources);

mkdirSync(outDir, { recursive: true });
function write(name, data) {
  writeFileSync(join(outDir, name), `${JSON.stringify(data, null, 2)}\n`);
}
write('aws-targets.json', awsTargets);
write('entra-attributes.json', entraAttributes);
write('functions.json', functions);
write('scope-operators.json', scopeOperators);
write('failure-modes.json', failureModes);
write('sources.json', sourcesJson);

console.log(
  `generate-catalogs: ${awsTargets.length} AWS targets, ${entraAttributes.length} Entra attributes, ` +
    `${functions.length} functions, ${scopeOperators.length} scope operators, ${Object.keys(sourcesJson).length} sources -> ${outDir}`,
);
