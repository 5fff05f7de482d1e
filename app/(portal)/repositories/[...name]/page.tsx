import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteTagButton } from '@/components/registry/delete-tag-button';
import { Alert, EmptyState, PageHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy';
import { PagedTable } from '@/components/ui/paged-table';
import { SearchBox } from '@/components/ui/search-box';
import { ActionsTh, SortableTh, Td, Tr, type SortableColumn } from '@/components/ui/table';
import { formatBytes, formatDate, shortDigest } from '@/lib/format';
import { registryPublicHost } from '@/lib/registry/public-host';
import { listTags } from '@/lib/registry/queries';
import { getRepositoryForPage, notFoundOnDenial } from '@/lib/registry/page';
import { tagListQuerySchema, type TagListQuery } from '@/lib/registry/schemas';

export const metadata: Metadata = { title: 'Repository' };

type Props = {
  params: Promise<{ name: string[] }>;
  searchParams: Promise<Record<string, string | undefined>>;
};

const COLUMNS: SortableColumn[] = [
  { key: 'name', label: 'Tag' },
  { key: null, label: 'Digest' },
  { key: null, label: 'OS/Arch' },
  { key: null, label: 'Size' },
  { key: 'created', label: 'Created' },
  { key: 'pushed', label: 'Pushed' },
  { key: null, label: 'Pull' },
];

export default async function RepositoryPage({ params, searchParams }: Props) {
  const { actor, name } = await getRepositoryForPage((await params).name.join('/'));
  const query = tagListQuerySchema.safeParse(await searchParams);
  const q: TagListQuery = query.success ? query.data : tagListQuerySchema.parse({});
  const data = await listTags(name, actor, q).catch(notFoundOnDenial);
  const project = name.split('/')[0]!;
  const { host } = await registryPublicHost();
  // A new order starts on the first page.
  const sortHref = (sort: string) => `?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), sort })}`;

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-muted mb-2 text-sm">
        <Link href={actor.kind === 'user' ? '/projects' : '/'} className="hover:underline">
          {actor.kind === 'user' ? 'Projects' : 'Explore'}
        </Link>{' '}
        /{' '}
        <Link href={`/projects/${project}`} className="hover:underline">
          {project}
        </Link>
      </nav>
      <PageHeader
        title={name}
        description={`${data.total} tag${data.total === 1 ? '' : 's'}`}
        actions={<SearchBox id="tag-search" label="Search tags" placeholder="Search tags" />}
      />
      {data.registryUnavailable ? (
        <div className="mb-4">
          <Alert kind="warning">
            The registry cannot be reached right now; sizes and platforms may be missing. Showing the last
            known tags.
          </Alert>
        </div>
      ) : null}
      {data.items.length === 0 ? (
        <EmptyState title={q.q ? 'No tags match' : 'No tags'}>
          {q.q ? `Nothing matches “${q.q}”.` : 'Push an image to see its tags here.'}
        </EmptyState>
      ) : (
        <PagedTable
          label="Tags"
          className="min-w-[900px]"
          head={
            <>
              {COLUMNS.map((c) => (
                <SortableTh key={c.label} column={c} sort={q.sort} href={sortHref} />
              ))}
              {data.canDelete ? <ActionsTh /> : null}
            </>
          }
          page={data}
          row={(t) => (
            <Tr key={t.name} data-testid={`tag-${t.name}`}>
              <Td className="font-medium">{t.name}</Td>
              <Td className="font-mono text-xs">
                <span title={t.digest}>{shortDigest(t.digest)}</span>{' '}
                <CopyButton text={t.digest} label={`Copy digest of ${t.name}`} />
              </Td>
              <Td>
                {t.platforms.length
                  ? t.platforms
                      .map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`)
                      .join(', ')
                  : '—'}
              </Td>
              <Td className="whitespace-nowrap">{formatBytes(t.size)}</Td>
              <Td className="whitespace-nowrap">{formatDate(t.created)}</Td>
              <Td className="whitespace-nowrap">
                {formatDate(t.pushedAt)}
                {t.pushedBy ? <span className="text-muted block text-xs">by {t.pushedBy}</span> : null}
              </Td>
              <Td>
                <CopyButton
                  text={`docker pull ${host}/${name}:${t.name}`}
                  label={`Copy pull command for ${t.name}`}
                />
              </Td>
              {data.canDelete ? (
                <Td className="text-right">
                  <DeleteTagButton
                    repository={name}
                    tag={t.name}
                    sameDigestCount={t.sameDigestCount}
                    sameDigestSample={t.sameDigestSample}
                  />
                </Td>
              ) : null}
            </Tr>
          )}
          pathname={`/repositories/${name}`}
          params={{ q: q.q ?? '', sort: q.sort }}
          noun={['tag', 'tags']}
        />
      )}
    </>
  );
}
