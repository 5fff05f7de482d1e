// oidc-provider ships no type declarations; the test fixture types what it uses.
declare module 'oidc-provider';
