import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  // Tests read untyped JSON responses.
  { files: ['e2e/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { ignores: ['.next/**', 'lib/generated/**', 'data/**', 'e2e/.tmp/**', 'next-env.d.ts'] },
];
export default config;
