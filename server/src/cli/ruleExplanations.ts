/**
 * What `scim-mapper rules CODE` adds to a code's one-line description: an example that triggers
 * it and how to fix it, for every rule and every code the dry run reports
 * (service/dryrun/codes.ts). Kept beside the CLI (the editor shows these facts as diagnostics,
 * quick fixes and the dry-run report); a test checks that every code has an entry.
 */
export interface RuleExplanation {
  example: string;
  fix: string;
}

export const RULE_EXPLANATIONS: Readonly<Record<string, RuleExplanation>> = {
  'json-syntax': {
    example: 'a missing comma between two mappings',
    fix: 'Correct the JSON at the position shown; comments and trailing commas are allowed.',
  },
  'json-duplicate-key': {
    example: '{ "target": "title", "source": "[jobTitle]", "source": "[department]" }',
    fix: 'Keep one of the keys: JSON readers (Graph included) silently use the last one.',
  },
  'document-too-large': {
    example: 'a 20 MB generated mapping; 300 nested [',
    fix: 'Split the file, or raise scimMapper.maxDocumentLength if it really is that large.',
  },
  schema: {
    example: '"sorce": "[mail]"',
    fix: 'Use the property names and types of the file format (see the README); completion offers them.',
  },
  'expr-syntax': {
    example: '"t-" & [alias] (no & in provisioning), \'single quotes\', a missing )',
    fix: 'Use Join("", "t-", [alias]) for concatenation, double quotes for strings, and balance the parentheses.',
  },
  'expr-too-long': {
    example: 'a generated Join(...) of 12,000 characters',
    fix: "Shorten the expression below Entra's 10,000-character limit, e.g. with Switch or a scoping filter.",
  },
  'expr-unknown-function': {
    example: 'Joinn(" ", [a], [b])',
    fix: 'Use a function Entra knows; the quick fix (and --fix, when there is one candidate) corrects typos.',
  },
  'expr-function-case': { example: 'switch([companyName], ...)', fix: 'Write the documented casing (Switch); --fix does it.' },
  'expr-function-undocumented': {
    example: 'Trim([country])',
    fix: 'Prefer a documented function, or keep it knowing that Entra may reject it.',
  },
  'expr-arity': {
    example: 'Mid([givenName], 1)',
    fix: 'Give the function the arguments its signature asks for (signature help shows them).',
  },
  'expr-unknown-attribute': {
    example: '[GivenName], [mailNicknam]',
    fix: 'Use the exact (case-sensitive) Entra name; --fix corrects case and single-candidate typos. A tenant attribute can be declared in .scim-mapper.json (sourceAttributes).',
  },
  'expr-attribute-unverified': {
    example: '[employeeType]',
    fix: "Check that the attribute appears in your tenant's attribute list; declare it in sourceAttributes to silence this.",
  },
  'expr-unsupported': {
    example: 'Replace([jobTitle], "(Contractor)", "")',
    fix: 'Write the expression in a documented form (the message names what Entra gives no meaning to).',
  },
  'expr-usage': { example: 'FormatDateTime([d], "yyyy", "MM")', fix: 'Follow the documented form the message names.' },
  'target-unknown': {
    example: '"nickname", "members" in users',
    fix: "Use an attribute of AWS IAM Identity Center's SCIM schema; --fix corrects case and single-candidate typos.",
  },
  'target-unsupported': {
    example: 'password, ims, photos, entitlements, x509Certificates, any .display, custom extensions',
    fix: 'Remove the mapping: AWS rejects the attribute.',
  },
  'target-duplicate': { example: 'title mapped twice', fix: 'Keep one mapping per target.' },
  'target-multi-valued': {
    example: 'work and mobile phoneNumbers; [proxyAddresses]; Split(...)',
    fix: 'Map a single value: AWS keeps one email, phone number and address.',
  },
  'matching-not-filterable': {
    example: 'displayName with matchingPrecedence in users',
    fix: 'Match on userName (users) or displayName (groups).',
  },
  'matching-missing': {
    example: 'no matchingPrecedence anywhere',
    fix: 'Set "matchingPrecedence": 1 on userName (users) or displayName (groups).',
  },
  'matching-multiple': { example: 'userName and externalId both matching', fix: 'Keep one matching attribute.' },
  'required-missing': { example: 'no name.familyName', fix: 'Add the mapping; the quick fix adds the gallery default.' },
  'active-not-soft-delete': {
    example: 'Not([accountEnabled])',
    fix: 'Map active from Switch([IsSoftDeleted], , "False", "True", "True", "False") as the gallery does.',
  },
  'invalid-characters': {
    example: 'Join(" ", ...) into userName; a zero-width space',
    fix: "Remove the characters AWS's pattern rejects, or give a non-empty default.",
  },
  'risky-characters': {
    example: 'Join("\\t", ...) into name.formatted',
    fix: 'Avoid tab, line breaks and " < | > ; : % in constants.',
  },
  'scope-unknown-attribute': {
    example: '"Department"',
    fix: 'Use the exact (case-sensitive) Entra name; --fix corrects single-candidate typos.',
  },
  'scope-unsupported-attribute': {
    example: 'manager, proxyAddresses, group members',
    fix: 'Filter on a single-valued string, Boolean or integer attribute instead.',
  },
  'scope-unknown-operator': {
    example: 'STARTS WITH',
    fix: 'Use an Entra scoping operator (EQUALS, REGEX MATCH, …); --fix corrects single-candidate typos.',
  },
  'scope-operator-undocumented': {
    example: '"operator": "&"',
    fix: 'Prefer a documented operator whose behaviour you can rely on.',
  },
  'scope-operator-value': {
    example: 'a value on IS TRUE; none on EQUALS; "10.5" for Greater_Than',
    fix: 'Give the value the operator expects.',
  },
  'scope-invalid-regex': { example: '^(Dev|SRE', fix: 'Correct the .NET regular expression.' },
  'scope-file-missing': {
    example: '"./missing.scope.jsonc"',
    fix: 'Point "scope" at a scope file relative to the mapping file.',
  },
  'secret-in-file': {
    example: '"provisioning": { "secretToken": "eyJ…" }',
    fix: 'Write { "env": "AWS_SCIM_TOKEN" } and set that variable from your CI secret store; rotate a token that was ever committed.',
  },
  'tenant-url-invalid': {
    example: '"tenantUrl": "https://d-1234567890.awsapps.com/start"',
    fix: 'Copy the SCIM endpoint from IAM Identity Center → Settings → Automatic provisioning (https://scim.<region>.amazonaws.com/<id>/scim/v2/).',
  },
  'token-expiring': {
    example: '"secretTokenCreated": "2024-01-15"',
    fix: 'Generate a new access token in IAM Identity Center, update the CI secret and "secretTokenCreated", then push.',
  },
  'scope-all-unfiltered': {
    example: '"scope": "all" with no "scope" under "user"',
    fix: 'Use "assigned" (Sync only assigned users and groups) or add a user scoping filter.',
  },
  'graph-not-aws': {
    example: '"targetDirectoryName": "salesforce.com"',
    fix: 'Nothing to fix; use --graph-target aws (or graphTarget in the config) to apply the AWS checks anyway.',
  },
  'graph-expression-mismatch': {
    example: '{ "expression": "[mail]", "name": "userPrincipalName", "type": "Attribute" }',
    fix: 'Rebuild the source tree from the expression, or the expression from the tree (quick fixes).',
  },
  'graph-parameter-key': {
    example: '"key": "oldValue" in Replace (Graph\'s key is Find)',
    fix: "Use Graph's parameter key; --fix does it.",
  },
  'graph-unknown-flow-type': {
    example: '"flowType": "ObjectAddOnce"',
    fix: 'Use a flowType Graph defines; --fix corrects single-candidate typos.',
  },
  'graph-clause-values': {
    example: '"values": ["Engineering", "Sales"]',
    fix: 'Use one clause per value (clauses in one group are ANDed, groups are ORed).',
  },
  'graph-unrepresentable': {
    example: '"flowType": "MultiValueAddOnly", "source": null',
    fix: 'Keep it with convert --base when converting back; the dry run does not model it.',
  },
  'saml-nameid-mismatch': {
    example: '{ "target": "userName", "source": "[mail]" } while the SAML NameID is user.userprincipalname',
    fix: 'Map userName from the NameID source (the quick fix offers it), or declare the NameID claim in "sso": { "nameId": "…" }; never apply userName on create only.',
  },
  'scope-null-excluded': {
    example: '{ "attribute": "department", "operator": "NOT EQUALS", "value": "Contractors" }',
    fix: 'If users without a value belong in scope, add a filter group with the attribute IS NULL (the quick fix adds it); otherwise nothing to do.',
  },
  'empty-string-default': {
    example: 'Coalesce([companyName], "")',
    fix: 'Wrap the expression in IgnoreFlowIfNullOrEmpty(…) (the quick fix does it) so the attribute is left out instead of sent empty.',
  },
  'username-whitespace-source': {
    example: '{ "target": "userName", "source": "[displayName]" }',
    fix: 'Map userName from an attribute without spaces, such as [userPrincipalName].',
  },
  'unused-suppression': {
    example: '// scim-mapper-disable-next-line target-unknwn',
    fix: 'Remove the comment, or name a code that is reported on that line.',
  },
  // Codes the dry run reports for a sample (service/dryrun/codes.ts).
  'value-too-long': {
    example: 'Join(" ", [givenName], [surname], [department]) into displayName, 1,200 characters for one user',
    fix: 'Shorten the value (Left(…, n) or another source); the message gives the limit AWS applies.',
  },
  'value-not-boolean': {
    example: '{ "target": "active", "source": "[accountEnabled]" } where the sample gives "yes"',
    fix: "Map active from an expression that yields True or False, e.g. the gallery's Switch([IsSoftDeleted], …).",
  },
  'matching-value-missing': {
    example: 'userName matched from [mail] for a user without mail',
    fix: 'Match on an attribute every provisioned object has ([userPrincipalName]), or give a default with Coalesce.',
  },
  'expression-error': {
    example: 'FormatDateTime([employeeHireDate], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd") where the sample date has another form',
    fix: 'Make the expression handle the values Entra holds (the input format, Coalesce for missing ones), or correct the sample.',
  },
  'expression-undefined': {
    example: 'IIF([department] = "Sales", "S", "O") for a user without department (a comparison with NULL)',
    fix: 'Write the expression so it does not depend on undocumented behaviour: Switch([department], "O", "Sales", "S") handles a missing value.',
  },
  'scope-not-evaluable': {
    example: 'a clause on [extensionAttribute1] while the sample does not have it',
    fix: 'Give the sample the attributes the scoping filter reads, or use a documented operator.',
  },
  'patch-unsupported': {
    example: 'an update that changes roles[primary eq "True"].value',
    fix: 'Apply the mapping on create only ("apply": "on-create"), or change the value in AWS yourself.',
  },
  'reference-unresolved': {
    example: 'a manager or group member given as { "id": "…" } without "awsId"',
    fix: 'Add "awsId" to the referenced object in the sample to see the real id; nothing to fix in the mapping.',
  },
  'member-nested-group': {
    example: 'a group member with "@odata.type": "#microsoft.graph.group"',
    fix: 'Assign the inner group to the app directly: AWS IAM Identity Center has no nested groups.',
  },
  'member-out-of-scope': {
    example: 'a group member in department Contractors while the user scope excludes Contractors',
    fix: 'Widen the user scoping filter if the member belongs in AWS; otherwise nothing to do.',
  },
  'member-not-evaluated': {
    example: 'members given as ids only ({ "id": "…" }) while the mapping has a user scoping filter',
    fix: "Give the members' attributes in the sample so the user scope can be checked for them.",
  },
  'email-missing': {
    example: '{ "target": "emails[type eq \\"work\\"].value", "source": "[mail]" } for a user without mail',
    fix: 'Fall back to another attribute: Coalesce([mail], [userPrincipalName]).',
  },
  'reserved-name': {
    example: 'a user or group named "Administrator" or "AWSAdministrators"',
    fix: 'Rename the object in Entra, or keep it out of scope.',
  },
  'regex-budget-exhausted': {
    example: 'thousands of samples through a scoping filter with "(a+)+$"',
    fix: 'Simplify the regular expression (no nested quantifiers); the message names the budget spent.',
  },
  'stale-value': {
    example: 'department emptied in Entra while AWS still holds "Sales" (an update)',
    fix: 'Clear the value in AWS yourself (Entra never clears values), or keep the attribute filled in Entra.',
  },
  'value-conflict': {
    example: 'two users whose userName both become "jdoe" (in one batch, or with an existing AWS user)',
    fix: 'Make the value unique (a different source, or a suffix with SelectUniqueValue); resolve the clash in Entra or AWS.',
  },
};
