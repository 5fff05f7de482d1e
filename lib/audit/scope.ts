// Which project and repository an audit event concerns, from its target: the columns the
// audit log filters on and a project's Activity reads. Pure (shared by the writers and tests).

/** `team/app:1.0` or `team/app@sha256:…` → `team/app`. */
export function repositoryOfTarget(target: string): string {
  const at = target.indexOf('@');
  const base = at === -1 ? target : target.slice(0, at);
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? base.slice(0, colon) : base;
}

/** Project robots are `robot-<project>.<name>` (or, made earlier, `robot-<project>-<name>`: unknown). */
function projectOfRobot(name: string): string | null {
  const m = /^robot-([^.]+)\.[^.]+$/.exec(name);
  return m ? m[1]! : null;
}

export function auditScope(
  targetType: string,
  target: string,
): { project: string | null; repository: string | null } {
  if (targetType === 'project') return { project: target.slice(0, 64), repository: null };
  if (targetType === 'repository') {
    const repository = repositoryOfTarget(target).slice(0, 255);
    const slash = repository.indexOf('/');
    return { project: slash > 0 ? repository.slice(0, Math.min(slash, 64)) : null, repository };
  }
  if (targetType === 'robot') return { project: projectOfRobot(target), repository: null };
  return { project: null, repository: null };
}
