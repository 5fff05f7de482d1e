import { BlocksSkeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return (
    <BlocksSkeleton
      className="max-w-2xl space-y-4"
      blocks={['h-8 w-48 rounded', 'h-48 rounded-lg', 'h-64 rounded-lg']}
    />
  );
}
