// The project a /projects/[name] page shows, read once per render (the layout and the
// tab page both ask). A project the user may not see is a 404 page, as in the API; a tab
// their role may not see is a 403 page. Both checks run in layouts, above the loading
// boundaries, so that the response carries the real status.
import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { cache } from 'react';
import { requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import type { ProjectAction } from '@/lib/permissions';
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

/** The project page's data if the user's role allows `action` (e.g. `members.read`), else the 403 page. */
export async function requireProjectPermissionForPage(name: string, action: ProjectAction) {
  const page = await getProjectForPage(name);
  if (!page.project.permissions[action]) forbidden();
  return page;
}
