import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Api, createUser } from '../fixtures/api';
import { DockerCli } from '../fixtures/clients';
import { postToken, registryFetch } from '../fixtures/token';

test('[DOCKER]: docker login stores an identity token that the refresh grant accepts; revoking it ends it', async () => {
  const admin = await Api.admin();
  const user = await createUser(admin, { prefix: 'dock' });
  const docker = new DockerCli();
  const login = await docker.login(user.username, user.password);
  expect(login.stdout + login.stderr).toContain('Login Succeeded');
  const config = JSON.parse(readFileSync(path.join(docker.config, 'config.json'), 'utf8'));
  const entry = Object.values(config.auths)[0] as { identitytoken: string };
  expect(entry.identitytoken).toMatch(/^wharf_rt_/);

  // What the docker daemon does next: POST grant_type=refresh_token with client_id=docker.
  const refreshed = await postToken({
    grant_type: 'refresh_token',
    refresh_token: entry.identitytoken,
    client_id: 'docker',
  });
  expect(refreshed.status).toBe(200);
  expect((await registryFetch('/v2/', refreshed.body.access_token)).status).toBe(200);

  // The Account page's list shows the login, and revoking it makes the daemon's refresh fail.
  const logins = await user.api.get('/api/v1/users/me/docker-logins');
  expect(logins.data.items).toHaveLength(1);
  expect(logins.data.items[0]).toMatchObject({
    clientId: 'docker',
    prefix: entry.identitytoken.slice(0, 15),
  });
  expect((await user.api.delete(`/api/v1/users/me/docker-logins/${logins.data.items[0].id}`)).status).toBe(
    204,
  );
  expect((await postToken({ grant_type: 'refresh_token', refresh_token: entry.identitytoken })).status).toBe(
    401,
  );

  // The audit log records the CLI login (checked through the login's side effect: lastLoginAt).
  expect((await admin.get(`/api/v1/users/${user.username}`)).data.lastLoginAt).not.toBeNull();
});

test('[DOCKER]: docker login with a wrong password fails with a clear message', async () => {
  const docker = new DockerCli();
  const res = await docker.login('admin', 'definitely-wrong');
  expect(res.code).not.toBe(0);
  expect(res.stderr).toContain('unauthorized: incorrect username or password');
});
