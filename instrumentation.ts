// Runs once when the Next.js server starts (Node.js runtime): first-start work that needs
// the database (first admin; later the token key and reconcile).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { bootstrap } = await import('@/lib/bootstrap');
  await bootstrap();
}
