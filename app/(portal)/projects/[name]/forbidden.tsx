import { EmptyState } from '@/components/ui/card';

// Shown with a 403 status under the project's header and tabs, for a tab the user's role may not see.
export default function ProjectTabForbidden() {
  return (
    <EmptyState title="Not shown for your role">
      Your role in this project does not include this tab. A project admin can change your role.
    </EmptyState>
  );
}
