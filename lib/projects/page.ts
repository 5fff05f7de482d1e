// The project a /projects/[name] page shows, read once per render (the layout and the
// tab page both ask). A project the user may not see is a 404 page, as in the API.
import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getProject } from '@/lib/projects/queries';

export const getProjectForPage = cache(async (name: string) => {
  const actor = await requireActor();
  try {
    return { actor, project: await getProject(name, actor) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
});
