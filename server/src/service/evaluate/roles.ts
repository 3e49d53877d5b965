/**
 * App-role functions: SingleAppRoleAssignment, AppRoleAssignmentsComplex,
 * AssertiveAppRoleAssignmentsComplex (and the undocumented AppRoleAssignments).
 *
 * Their argument is the special attribute [appRoleAssignments]; the roles come from
 * env.appRoleAssignments (or, failing that, a sample attribute `appRoleAssignments` holding role
 * values, the shape of Graph's parseExpression test object).
 */
import type { AppRoleAssignment } from './types';
import { type CallSite, type EvalContext, type Thunk, RolesBox, undefinedBehaviour } from './values';

/** The role `type` Entra sends for app roles (customize-application-attributes.md payloads). */
const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

function assignments(ctx: EvalContext): readonly AppRoleAssignment[] {
  if (ctx.env.appRoleAssignments) return ctx.env.appRoleAssignments;
  const raw = ctx.env.attribute('appRoleAssignments');
  if (Array.isArray(raw)) {
    const out: AppRoleAssignment[] = [];
    for (const v of raw as unknown[]) {
      if (typeof v === 'string') out.push({ value: v });
      else if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string')
        out.push(v as AppRoleAssignment);
    }
    return out;
  }
  if (typeof raw === 'string') return [{ value: raw }];
  return [];
}

/** Checks (at compile time) that the argument is the [appRoleAssignments] reference the docs require. */
function checkArgument(site: CallSite): void {
  const arg = site.slots[0]?.value;
  if (!arg || arg.kind !== 'attribute' || arg.name !== 'appRoleAssignments') {
    undefinedBehaviour(site, 'the docs define this function only on the [appRoleAssignments] attribute', arg ?? site.node);
  }
}

function noRoles(site: CallSite): never {
  return undefinedBehaviour(
    site,
    'the sample has no app-role assignment; the docs do not say what the function gives then (an assigned user always has at least the default role)',
  );
}

/** SingleAppRoleAssignment: the value of the user's only role. Several roles are documented as unsupported. */
export function compileSingleAppRoleAssignment(site: CallSite): Thunk {
  checkArgument(site);
  return (ctx) => {
    const roles = assignments(ctx);
    if (roles.length === 0) return noRoles(site);
    if (roles.length > 1) {
      return undefinedBehaviour(
        site,
        `the user has ${roles.length} app roles; the docs say SingleAppRoleAssignment isn't supported for several roles (which one is chosen is not predictable). Use AppRoleAssignmentsComplex.`,
      );
    }
    return roles[0].value;
  };
}

/**
 * AppRoleAssignmentsComplex / AssertiveAppRoleAssignmentsComplex: every role as a SCIM roles
 * element with primary = false and type WindowsAzureActiveDirectoryRole.
 */
export function compileRolesComplex(site: CallSite): Thunk {
  checkArgument(site);
  return (ctx) => {
    const roles = assignments(ctx);
    if (roles.length === 0) return noRoles(site);
    return new RolesBox(
      roles.map((r) => ({
        primary: false,
        type: ROLE_TYPE,
        display: r.displayName ?? r.value,
        value: r.value,
      })),
    );
  };
}
