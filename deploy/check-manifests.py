#!/usr/bin/env python3
"""Schema and consistency check of the Kubernetes manifests in deploy/k8s (no cluster needed).

Usage: check-manifests.py [BUILT.yaml ...]
  Without arguments it assembles the base from deploy/k8s/kustomization.yaml itself (resources,
  namespace, configMapGenerator) so it works without kustomize; with arguments it checks the
  output of `kustomize build` / `kubectl kustomize` (every document in each file).
Needs PyYAML (Debian: python3-yaml). Exits 1 with one line per problem.
"""
import re
import sys
from pathlib import Path

import yaml

K8S = Path(__file__).resolve().parent / 'k8s'
REPO = K8S.parent.parent
# Created by the operator, never by the manifests (README.md, "Secrets").
EXTERNAL_SECRETS = {
    'wharf-secrets': {
        'DATABASE_URL',
        'NEXTAUTH_SECRET',
        'WHARF_ADMIN_PASSWORD',
        'REGISTRY_NOTIFY_SECRET',
        'REGISTRY_HTTP_SECRET',
    },
    'wharf-token-signing': {'tls.crt', 'tls.key'},
    'wharf-tls': {'tls.crt', 'tls.key'},
    'registry-s3': {'ACCESS_KEY', 'SECRET_KEY'},
}
REQUIRED_SPEC = {
    'Namespace': [],
    'ConfigMap': [],
    'Secret': [],
    'Service': ['spec.selector', 'spec.ports'],
    'PersistentVolumeClaim': ['spec.accessModes', 'spec.resources.requests.storage'],
    'Deployment': ['spec.replicas', 'spec.selector.matchLabels', 'spec.template.spec.containers'],
    'Ingress': ['spec.rules'],
    'PodDisruptionBudget': ['spec.selector.matchLabels'],
    'CronJob': ['spec.schedule', 'spec.jobTemplate.spec.template.spec.containers'],
    'ServiceAccount': [],
    'Role': ['rules'],
    'RoleBinding': ['subjects', 'roleRef'],
}
API_VERSIONS = {
    'Namespace': 'v1',
    'ConfigMap': 'v1',
    'Secret': 'v1',
    'Service': 'v1',
    'PersistentVolumeClaim': 'v1',
    'Deployment': 'apps/v1',
    'Ingress': 'networking.k8s.io/v1',
    'PodDisruptionBudget': 'policy/v1',
    'CronJob': 'batch/v1',
    'ServiceAccount': 'v1',
    'Role': 'rbac.authorization.k8s.io/v1',
    'RoleBinding': 'rbac.authorization.k8s.io/v1',
}
DNS_LABEL = re.compile(r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')
problems = []


def problem(where, msg):
    problems.append(f'{where}: {msg}')


def dig(obj, dotted):
    for part in dotted.split('.'):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def parse_env_file(path):
    out = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        key, sep, value = line.partition('=')
        if not sep:
            problem(path.name, f'not KEY=VALUE: {line}')
        out[key] = value
    return out


def assemble_base():
    """A small stand-in for `kustomize build`: enough to check names and references."""
    kust = yaml.safe_load((K8S / 'kustomization.yaml').read_text())
    docs = []
    for res in kust.get('resources', []):
        docs += [d for d in yaml.safe_load_all((K8S / res).read_text()) if d]
    for gen in kust.get('configMapGenerator', []):
        data = {}
        for env in gen.get('envs', []):
            data.update(parse_env_file(K8S / env))
        for f in gen.get('files', []):
            key, _, src = f.rpartition('=')
            data[key or Path(src).name] = (K8S / src).read_text()
        docs.append({'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': gen['name']}, 'data': data})
    ns = kust.get('namespace')
    for d in docs:
        if ns and d.get('kind') != 'Namespace':
            d.setdefault('metadata', {})['namespace'] = ns
    return docs


def base_name(name, generated):
    """Strips kustomize's content hash suffix from generated ConfigMap names."""
    for g in generated:
        if name == g or re.fullmatch(re.escape(g) + r'-[a-z0-9]{10}', name):
            return g
    return name


def check(docs, label):
    by_kind = {}
    for d in docs:
        kind = d.get('kind')
        name = dig(d, 'metadata.name')
        where = f'{label} {kind}/{name}'
        if kind not in API_VERSIONS:
            problem(where, 'unexpected kind')
            continue
        if d.get('apiVersion') != API_VERSIONS[kind]:
            problem(where, f'apiVersion {d.get("apiVersion")} (expected {API_VERSIONS[kind]})')
        if not name or not DNS_LABEL.match(name) or len(name) > 63:
            problem(where, 'metadata.name is not a DNS label')
        for field in REQUIRED_SPEC[kind]:
            if dig(d, field) in (None, [], {}):
                problem(where, f'{field} is missing')
        for k, v in (d.get('data') or {}).items():
            if not isinstance(v, str):
                problem(where, f'data.{k} must be a string')
        if '$retainKeys' in yaml.safe_dump(d) or '$patch' in yaml.safe_dump(d):
            problem(where, 'an unprocessed patch directive is left')
        by_kind.setdefault(kind, {})[name] = d

    configmaps = by_kind.get('ConfigMap', {})
    generated = [n.rsplit('-', 1)[0] if re.search(r'-[a-z0-9]{10}$', n) else n for n in configmaps]
    cm_data = {base_name(n, generated): d.get('data') or {} for n, d in configmaps.items()}
    services = by_kind.get('Service', {})
    pvcs = by_kind.get('PersistentVolumeClaim', {})
    pod_labels = {}

    for name, d in by_kind.get('Deployment', {}).items():
        where = f'{label} Deployment/{name}'
        spec = d['spec']
        tmpl = spec['template']
        labels = dig(tmpl, 'metadata.labels') or {}
        pod_labels[name] = labels
        for k, v in spec['selector']['matchLabels'].items():
            if labels.get(k) != v:
                problem(where, f'selector {k}={v} does not match the pod labels')
        pod = tmpl['spec']
        psc = pod.get('securityContext') or {}
        if not psc.get('runAsNonRoot') or not isinstance(psc.get('runAsUser'), int) or psc['runAsUser'] == 0:
            problem(where, 'pod must run as a numeric non-root user (runAsNonRoot, runAsUser)')
        if dig(psc, 'seccompProfile.type') != 'RuntimeDefault':
            problem(where, 'seccompProfile RuntimeDefault is required (restricted policy)')
        volumes = {v['name']: v for v in pod.get('volumes', [])}
        for c in pod['containers']:
            cw = f'{where} container {c.get("name")}'
            if not c.get('image'):
                problem(cw, 'no image')
            csc = c.get('securityContext') or {}
            if csc.get('allowPrivilegeEscalation') is not False or dig(csc, 'capabilities.drop') != ['ALL']:
                problem(cw, 'needs allowPrivilegeEscalation: false and capabilities.drop [ALL]')
            ports = {p['name']: p['containerPort'] for p in c.get('ports', [])}
            for probe in ('readinessProbe', 'livenessProbe'):
                p = c.get(probe)
                if not p:
                    problem(cw, f'no {probe}')
                elif 'httpGet' in p and p['httpGet'].get('port') not in ports and p['httpGet'].get('port') not in ports.values():
                    problem(cw, f'{probe} port {p["httpGet"].get("port")} is not a container port')
            defined = set()
            for e in c.get('env', []):
                for ref in re.findall(r'\$\(([A-Za-z0-9_]+)\)', str(e.get('value', ''))):
                    if ref not in defined:
                        problem(cw, f'env {e["name"]} uses $({ref}) before it is defined')
                defined.add(e['name'])
                ck = dig(e, 'valueFrom.configMapKeyRef')
                if ck:
                    cm = base_name(ck['name'], list(cm_data))
                    if cm not in cm_data or ck['key'] not in cm_data[cm]:
                        problem(cw, f'env {e["name"]}: ConfigMap {ck["name"]} has no key {ck["key"]}')
                sk = dig(e, 'valueFrom.secretKeyRef')
                if sk:
                    if sk['name'] not in EXTERNAL_SECRETS or sk['key'] not in EXTERNAL_SECRETS[sk['name']]:
                        problem(cw, f'env {e["name"]}: unknown secret key {sk["name"]}/{sk["key"]}')
            env_from = {}
            for ef in c.get('envFrom', []):
                cm = base_name(dig(ef, 'configMapRef.name') or '', list(cm_data))
                if cm not in cm_data:
                    problem(cw, f'envFrom ConfigMap {cm} does not exist')
                else:
                    env_from.update(cm_data[cm])
            mounts = {m['mountPath']: m['name'] for m in c.get('volumeMounts', [])}
            for m in c.get('volumeMounts', []):
                if m['name'] not in volumes:
                    problem(cw, f'volumeMount {m["name"]} has no volume')
            if csc.get('readOnlyRootFilesystem') and '/tmp' not in mounts:
                problem(cw, 'readOnlyRootFilesystem needs a writable /tmp volume')
            # Every *_FILE / TOKEN_*_FILE setting must point into a mounted Secret with that key.
            for key, path in env_from.items():
                if not key.endswith('_FILE'):
                    continue
                mount = next((mp for mp in mounts if path.startswith(mp.rstrip('/') + '/')), None)
                if not mount:
                    problem(cw, f'{key}={path} is not inside a mounted volume')
                    continue
                vol = volumes.get(mounts[mount], {})
                secret = dig(vol, 'secret.secretName')
                file = path[len(mount.rstrip('/')) + 1 :]
                if secret and file not in EXTERNAL_SECRETS.get(secret, set()):
                    problem(cw, f'{key}: Secret {secret} has no key {file}')
        for vname, v in volumes.items():
            cm = dig(v, 'configMap.name')
            if cm and base_name(cm, list(cm_data)) not in cm_data:
                problem(where, f'volume {vname}: ConfigMap {cm} does not exist')
            sec = dig(v, 'secret.secretName')
            if sec and sec not in EXTERNAL_SECRETS:
                problem(where, f'volume {vname}: Secret {sec} is not one of the documented Secrets')
            claim = dig(v, 'persistentVolumeClaim.claimName')
            if claim and claim not in pvcs:
                problem(where, f'volume {vname}: PVC {claim} does not exist')
        if any(dig(v, 'persistentVolumeClaim') for v in volumes.values()) and spec['replicas'] > 1:
            problem(where, 'a ReadWriteOnce volume with more than one replica')

    for name, s in services.items():
        sel = s['spec']['selector']
        if not any(all(l.get(k) == v for k, v in sel.items()) for l in pod_labels.values()):
            problem(f'{label} Service/{name}', f'selector {sel} matches no Deployment')
    for name, ing in by_kind.get('Ingress', {}).items():
        for rule in ing['spec']['rules']:
            for p in dig(rule, 'http.paths') or []:
                svc = dig(p, 'backend.service.name')
                port = dig(p, 'backend.service.port.name')
                if svc not in services:
                    problem(f'{label} Ingress/{name}', f'path {p["path"]}: no Service {svc}')
                elif port not in [sp.get('name') for sp in services[svc]['spec']['ports']]:
                    problem(f'{label} Ingress/{name}', f'path {p["path"]}: Service {svc} has no port {port}')
                if p.get('pathType') not in ('Exact', 'Prefix', 'ImplementationSpecific'):
                    problem(f'{label} Ingress/{name}', f'path {p["path"]}: bad pathType')
        routes = {p['path']: dig(p, 'backend.service.name') for r in ing['spec']['rules'] for p in r['http']['paths']}
        if routes.get('/v2/token') != 'wharf' or routes.get('/v2') != 'registry' or routes.get('/') != 'wharf':
            problem(f'{label} Ingress/{name}', f'routing must be /v2/token→wharf, /v2→registry, /→wharf: {routes}')
    check_cronjobs(by_kind, cm_data, pvcs, label)
    wharf = by_kind.get('Deployment', {}).get('wharf')
    if not wharf or wharf['spec']['replicas'] < 2:
        problem(label, 'the wharf Deployment must run 2 or more replicas')


def check_cronjobs(by_kind, cm_data, pvcs, label):
    """The garbage-collection CronJob: restricted pods, existing volumes and account, read-only first."""
    accounts = by_kind.get('ServiceAccount', {})
    bound = {dig(b, 'roleRef.name') for b in by_kind.get('RoleBinding', {}).values()}
    for name, cj in by_kind.get('CronJob', {}).items():
        where = f'{label} CronJob/{name}'
        pod = cj['spec']['jobTemplate']['spec']['template']['spec']
        psc = pod.get('securityContext') or {}
        if not psc.get('runAsNonRoot') or dig(psc, 'seccompProfile.type') != 'RuntimeDefault':
            problem(where, 'pod must run as non-root with seccompProfile RuntimeDefault')
        sa = pod.get('serviceAccountName')
        if sa and (sa not in accounts or sa not in bound):
            problem(where, f'serviceAccount {sa} does not exist or has no RoleBinding')
        volumes = {v['name']: v for v in pod.get('volumes', [])}
        for v in volumes.values():
            cm = dig(v, 'configMap.name')
            if cm and base_name(cm, list(cm_data)) not in cm_data:
                problem(where, f'volume {v["name"]}: ConfigMap {cm} does not exist')
            claim = dig(v, 'persistentVolumeClaim.claimName')
            if claim and claim not in pvcs:
                problem(where, f'volume {v["name"]}: PVC {claim} does not exist')
        containers = pod.get('initContainers', []) + pod['containers']
        for c in containers:
            cw = f'{where} container {c.get("name")}'
            csc = c.get('securityContext') or {}
            if csc.get('allowPrivilegeEscalation') is not False or dig(csc, 'capabilities.drop') != ['ALL']:
                problem(cw, 'needs allowPrivilegeEscalation: false and capabilities.drop [ALL]')
            for m in c.get('volumeMounts', []):
                if m['name'] not in volumes:
                    problem(cw, f'volumeMount {m["name"]} has no volume')
        if name == 'registry-gc':
            steps = [' '.join(c.get('command', []) + c.get('args', [])) for c in containers]
            gc = next((i for i, s in enumerate(steps) if 'garbage-collect --delete-untagged' in s), None)
            ro = next((i for i, s in enumerate(steps) if 'REGISTRY_STORAGE_MAINTENANCE_READONLY={' in s), None)
            rw = next((i for i, s in enumerate(steps) if 'REGISTRY_STORAGE_MAINTENANCE_READONLY-' in s), None)
            if gc is None or ro is None or rw is None or not ro < gc < rw:
                problem(where, 'must set the registry read-only, run garbage-collect --delete-untagged, then make it writable')


def check_static():
    # The registry config in the k8s base is a copy of deploy/registry/config.yml.
    a, b = REPO / 'deploy/registry/config.yml', K8S / 'registry/config.yml'
    if a.read_text() != b.read_text():
        problem(str(b.relative_to(REPO)), f'differs from {a.relative_to(REPO)}: cp {a.relative_to(REPO)} {b.relative_to(REPO)}')
    # The example Secret has exactly the documented keys, and only placeholders.
    for d in yaml.safe_load_all((K8S / 'secret.example.yaml').read_text()):
        name = d['metadata']['name']
        keys = set((d.get('stringData') or {}).keys())
        if name not in EXTERNAL_SECRETS or keys != EXTERNAL_SECRETS[name]:
            problem('secret.example.yaml', f'Secret {name} keys {sorted(keys)} differ from the documented ones')
        for k, v in (d.get('stringData') or {}).items():
            if 'PLACEHOLDER' not in v:
                problem('secret.example.yaml', f'{name}/{k} is not marked PLACEHOLDER')


def main():
    check_static()
    if len(sys.argv) > 1:
        for f in sys.argv[1:]:
            check([d for d in yaml.safe_load_all(Path(f).read_text()) if d], f)
    else:
        check(assemble_base(), 'deploy/k8s')
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f'manifests ok ({", ".join(sys.argv[1:]) or "deploy/k8s assembled without kustomize"})')


if __name__ == '__main__':
    main()
