import { apiRoute } from '@/lib/api';
import { rotateRobot } from '@/lib/robots/mutations';
import { idSchema } from '@/lib/robots/schemas';

type P = { id: string };

// POST /api/v1/robots/{id}/rotate – a new secret (shown once); the old one stops working
export const POST = apiRoute<P>({}, async ({ params, actor, ip }) =>
  rotateRobot({ actor, ip }, idSchema.parse(params.id)),
);
