import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteTagButton } from '@/components/registry/delete-tag-button';
import { Alert, EmptyState, PageHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy';
import { SearchBox } from '@/components/ui/search-box';
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

const COLUMNS: Array<{ key: 'name' | 'created' | 'pushed' | null; label: string }> = [
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
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const href = (patch: Partial<Record<'sort' | 'page', string>>) => {
    const p = new URLSearchParams({
      ...(q.q ? { q: q.q } : {}),
      sort: q.sort,
      page: String(q.page),
      ...patch,
    });
    return `?${p.toString()}`;
  };

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
        <div className="border-border bg-surface overflow-x-auto rounded-lg border">
          <table className="w-full min-w-[900px] text-left text-sm">
            <thead className="border-border bg-surface-muted text-muted border-b text-xs tracking-wide uppercase">
              <tr>
                {COLUMNS.map((c) => {
                  const active = c.key && (q.sort === c.key || q.sort === `-${c.key}`);
                  const nextSort = c.key ? (q.sort === `-${c.key}` ? c.key : `-${c.key}`) : '';
                  return (
                    <th
                      key={c.label}
                      scope="col"
                      className="px-4 py-2.5 font-medium"
                      aria-sort={active ? (q.sort.startsWith('-') ? 'descending' : 'ascending') : undefined}
                    >
                      {c.key ? (
                        <Link href={href({ sort: nextSort, page: '1' })} className="hover:text-fg">
                          {c.label} {active ? (q.sort.startsWith('-') ? '↓' : '↑') : ''}
                        </Link>
                      ) : (
                        c.label
                      )}
                    </th>
                  );
                })}
                {data.canDelete ? <th className="px-4 py-2.5" /> : null}
              </tr>
            </thead>
            <tbody>
              {data.items.map((t) => {
                const pull = `docker pull ${host}/${name}:${t.name}`;
                return (
                  <tr
                    key={t.name}
                    className="border-border border-b last:border-0"
                    data-testid={`tag-${t.name}`}
                  >
                    <td className="px-4 py-2.5 font-medium">{t.name}</td>
                    <td className="px-4 py-2.5 font-mono text-xs">
                      <span title={t.digest}>{shortDigest(t.digest)}</span>{' '}
                      <CopyButton text={t.digest} label={`Copy digest of ${t.name}`} />
                    </td>
                    <td className="px-4 py-2.5">
                      {t.platforms.length
                        ? t.platforms
                            .map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`)
                            .join(', ')
                        : '—'}
                    </td>
                    <td className="px-4 py-2.5 whitespace-nowrap">{formatBytes(t.size)}</td>
                    <td className="px-4 py-2.5 whitespace-nowrap">{formatDate(t.created)}</td>
                    <td className="px-4 py-2.5 whitespace-nowrap">
                      {formatDate(t.pushedAt)}
                      {t.pushedBy ? <span className="text-muted block text-xs">by {t.pushedBy}</span> : null}
                    </td>
                    <td className="px-4 py-2.5">
                      <CopyButton text={pull} label={`Copy pull command for ${t.name}`} />
                    </td>
                    {data.canDelete ? (
                      <td className="px-4 py-2.5 text-right">
                        <DeleteTagButton
                          repository={name}
                          tag={t.name}
                          sameDigestCount={t.sameDigestCount}
                          sameDigestSample={t.sameDigestSample}
                        />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          <span className="text-muted">
            Page {data.page} of {pages}
          </span>
          <span className="flex gap-2">
            {data.page > 1 ? (
              <Link
                className="border-border rounded-md border px-3 py-1.5"
                href={href({ page: String(data.page - 1) })}
              >
                Previous
              </Link>
            ) : null}
            {data.page < pages ? (
              <Link
                className="border-border rounded-md border px-3 py-1.5"
                href={href({ page: String(data.page + 1) })}
              >
                Next
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </>
  );
}
