import { BlocksSkeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return <BlocksSkeleton className="grid gap-4 sm:grid-cols-3" blocks={Array(3).fill('h-24 rounded-lg')} />;
}
