/** A user to dry-run when the workspace has no sample files, so the command always shows something. */
export const DEMO_USER = {
  name: 'built-in demo user',
  text: JSON.stringify(
    {
      objectId: '0d3f2d1c-5c4e-4a0e-9b7a-1e2f3a4b5c6d',
      userPrincipalName: 'alice.example@contoso.com',
      givenName: 'Alice',
      surname: 'Example',
      displayName: 'Alice Example',
      mail: 'alice.example@contoso.com',
      jobTitle: 'Developer',
      department: 'Engineering',
      accountEnabled: true,
      preferredLanguage: 'en-US',
      telephoneNumber: '+1 425 555 0100',
      city: 'Redmond',
      country: 'US',
    },
    null,
    2,
  ),
};
