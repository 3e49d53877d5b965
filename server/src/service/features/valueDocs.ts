/**
 * What the fixed values of the file formats mean (`apply`, a scope file's `object`, `target`, and
 * Graph's flow types and behaviours): one table, shown by completion and hover alike. Each entry
 * reads after `"value" — `.
 */
const VALUE_DOCS: Readonly<Record<string, string>> = {
  always: "the mapping applies on create and on every update (Entra's default).",
  'on-create': 'the mapping applies only when the object is created in AWS; later changes in Entra are not sent.',
  user: 'the filters test Entra users.',
  group: 'the filters test Entra groups.',
  'aws-iam-identity-center': "AWS IAM Identity Center, provisioned by Entra's gallery app over SCIM 2.0.",
  Always: 'the mapping applies on create and on every update (the portal\'s "Always"; a mapping file\'s apply "always").',
  ObjectAddOnly:
    'the mapping applies only when the object is created (the portal\'s "Only during creation"; a mapping file\'s apply "on-create").',
  MultiValueAddOnly:
    'only when adding new values to a multi-valued attribute (API only; a mapping file cannot say this, and the dry run treats it as Always).',
  ValueAddOnly: 'if a value exists, flow only "add" operations, never "remove" (Graph v1.0; a mapping file cannot say this).',
  AttributeAddOnly: 'flow only if the target has no value at all (Graph v1.0; a mapping file cannot say this).',
  FlowWhenChanged: "export the attribute when its value changes (Graph's default).",
  FlowAlways: 'export the attribute on every cycle (a mapping file cannot say this).',
};

/** The documentation of a fixed value: `"value" — what it means`, or undefined when the table has none. */
export function valueDoc(value: unknown): string | undefined {
  return typeof value === 'string' && Object.hasOwn(VALUE_DOCS, value) ? VALUE_DOCS[value] : undefined;
}
