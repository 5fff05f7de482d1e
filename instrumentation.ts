// Runs once when the Next.js server starts (Node.js runtime): first-start work that needs
// the database (first admin, signing key), and the token endpoint's fast path.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootstrap } = await import('@/lib/bootstrap');
  await bootstrap();
  const { registerTokenFastPath } = await import('@/lib/tokens/fast-path');
  registerTokenFastPath();
}
