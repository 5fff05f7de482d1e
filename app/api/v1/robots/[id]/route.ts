import { apiRoute } from '@/lib/api';
import { deleteRobot, updateRobot } from '@/lib/robots/mutations';
import { idSchema, updateRobotSchema } from '@/lib/robots/schemas';

type P = { id: string };

// PATCH /api/v1/robots/{id} – disable/enable or describe a robot
export const PATCH = apiRoute<P>({}, async ({ params, actor, ip, body }) =>
  updateRobot({ actor, ip }, idSchema.parse(params.id), updateRobotSchema.parse(await body())),
);

// DELETE /api/v1/robots/{id} – delete a robot
export const DELETE = apiRoute<P>({}, async ({ params, actor, ip }) => {
  await deleteRobot({ actor, ip }, idSchema.parse(params.id));
});
