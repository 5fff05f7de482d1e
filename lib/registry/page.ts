// The repository a /repositories/[...name] page shows, checked once per render (the layout,
// above the loading boundary so that a 404 is a real 404 status, and the page both ask).
import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getPageActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getRepositoryOrThrow } from '@/lib/registry/queries';
import { repositoryNameSchema } from '@/lib/registry/schemas';

/** Turns "not found / may not see it" of a repository read into the 404 page (as in the API). */
export function notFoundOnDenial(err: unknown): never {
  if (
    err instanceof AppError &&
    (err.code === 'not_found' || err.code === 'forbidden' || err.code === 'unauthorized')
  )
    notFound();
  throw err;
}

export const getRepositoryForPage = cache(async (path: string) => {
  // Signed-out visitors too: public repositories are browsable; the rest is a 404 for them.
  const actor = await getPageActor();
  const name = repositoryNameSchema.safeParse(path);
  if (!name.success) notFound();
  await getRepositoryOrThrow(name.data, actor).catch(notFoundOnDenial);
  return { actor, name: name.data };
});
