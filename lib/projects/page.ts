// The project a /projects/[name] page shows, read once per render (the layout and the
// tab page both ask). A project the visitor may not see is a 404 page, as in the API; public
// projects are shown to signed-out visitors too. A tab their role may not see is a 403 page
// (signed-out visitors sign in first). The checks run in layouts, above the loading
// boundaries, so that the response carries the real status.
import 'server-only';
import { forbidden, notFound } from 'next/navigation';
import { cache } from 'react';
import { getPageActor, requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import type { ProjectAction } from '@/lib/permissions';
import { getProject } from '@/lib/projects/queries';

export const getProjectForPage = cache(async (name: string) => {
  const actor = await getPageActor();
  try {
    return { actor, project: await getProject(name, actor) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  }
});

/**
 * The project page's data if the user's role allows `action` (e.g. `members.read`), else the
 * 403 page; signed-out visitors (of a public project) are sent to sign in first.
 */
export async function requireProjectPermissionForPage(name: string, action: ProjectAction) {
  await requireActor();
  const page = await getProjectForPage(name);
  if (!page.project.permissions[action]) forbidden();
  return page;
}

/** For the tabs only signed-in users use (settings): signed-out visitors sign in first. */
export async function getProjectForSignedInPage(name: string) {
  await requireActor();
  return getProjectForPage(name);
}
