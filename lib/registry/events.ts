// The registry's notification events (distribution docs/notifications.md, events): the schema Wharf reads and the facts
// the receiver and the writer share.
import { z } from 'zod';

export const EVENTS_MEDIA_TYPES = [
  'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json',
];

/** The `sub` of Wharf's own service tokens: its own reads produce pull events that are not users' pulls. */
export const PORTAL_SUBJECT = 'wharf-portal';

export const eventSchema = z.object({
  id: z.string().min(1).max(128),
  timestamp: z.string().optional(),
  action: z.string(),
  target: z
    .object({
      mediaType: z.string().optional(),
      digest: z.string().max(100).optional(),
      repository: z.string().max(255).optional(),
      tag: z.string().max(128).optional(),
      size: z.number().optional(),
    })
    .passthrough()
    .default({}),
  actor: z.object({ name: z.string().optional() }).passthrough().optional(),
  request: z
    .object({
      addr: z.string().optional(),
      host: z.string().max(300).optional(),
      useragent: z.string().optional(),
    })
    .passthrough()
    .optional(),
});
export type RegistryEvent = z.infer<typeof eventSchema>;

const MANIFEST_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

export const isManifestType = (mediaType: string | undefined): boolean =>
  !!mediaType && MANIFEST_TYPES.has(mediaType);
