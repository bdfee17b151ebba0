import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { helmTestInvocation, HelmTestRequest } from '../../client/src/cluster/helm/invocation';
import { HelmProblem } from '../../node/helm/problem';

const base: HelmTestRequest = { release: 'shop', namespace: 'prod', driver: 'secret', context: 'kind-dev', kubeconfigFiles: ['/home/u/.kube/config'], timeoutSeconds: 300, tests: [] };

function refused(req: Partial<HelmTestRequest>, message: RegExp): void {
  assert.throws(() => helmTestInvocation({ ...base, ...req }, {}), (e: unknown) => e instanceof HelmProblem && e.kind === 'invalid-input' && message.test(e.message));
}

describe('the helm test command line', () => {
  it('points helm at the release, namespace, context and kubeconfig the view shows, each as --flag=value', () => {
    const { args, env } = helmTestInvocation(base, { PATH: '/usr/bin' });
    assert.deepEqual(args, ['test', 'shop', '--namespace=prod', '--kube-context=kind-dev', '--timeout=300s', '--kubeconfig=/home/u/.kube/config']);
    assert.equal(env.HELM_DRIVER, 'secret');
    assert.equal(env.PATH, '/usr/bin');
  });

  it('tells helm the ConfigMap driver for a release stored in ConfigMaps, or helm would not find it', () => {
    assert.equal(helmTestInvocation({ ...base, driver: 'configmap' }, {}).env.HELM_DRIVER, 'configmap');
  });

  it('merges several kubeconfig files through KUBECONFIG, since --kubeconfig takes one', () => {
    const { args, env } = helmTestInvocation({ ...base, kubeconfigFiles: ['/a/config', '/b/config'] }, { KUBECONFIG: '/old' });
    assert.ok(!args.some((a) => a.startsWith('--kubeconfig')));
    assert.equal(env.KUBECONFIG, ['/a/config', '/b/config'].join(path.delimiter));
  });

  it('drops HELM_KUBE* variables, which would send helm to another server or identity than the view', () => {
    const { env } = helmTestInvocation(base, { HELM_KUBEAPISERVER: 'https://elsewhere', HELM_KUBETOKEN: 't', HELM_NAMESPACE: 'x', HOME: '/home/u' });
    assert.equal(env.HELM_KUBEAPISERVER, undefined);
    assert.equal(env.HELM_KUBETOKEN, undefined);
    assert.equal(env.HOME, '/home/u');
  });

  it('runs single tests with one --filter name= each', () => {
    const { args } = helmTestInvocation({ ...base, tests: ['shop-smoke', 'shop-db-check'] }, {});
    assert.deepEqual(args.filter((a) => a.startsWith('--filter')), ['--filter=name=shop-smoke', '--filter=name=shop-db-check']);
  });

  it('keeps a context name with spaces or an ARN as one argument', () => {
    const { args } = helmTestInvocation({ ...base, context: 'arn:aws:eks:eu-west-1:1:cluster/prod one' }, {});
    assert.ok(args.includes('--kube-context=arn:aws:eks:eu-west-1:1:cluster/prod one'));
  });

  it('refuses values that helm would read as flags or that are not names at all', () => {
    refused({ release: '--dry-run' }, /not a Helm release name/);
    refused({ release: 'Shop' }, /not a Helm release name/);
    refused({ release: 'a'.repeat(54) }, /not a Helm release name/);
    refused({ namespace: 'prod; rm -rf /' }, /not a namespace name/);
    refused({ namespace: '-n' }, /not a namespace name/);
    refused({ tests: ['x --debug'] }, /not a test hook name/);
    refused({ context: 'dev\n--kubeconfig=/tmp/evil' }, /control characters/);
    refused({ timeoutSeconds: 0 }, /whole number of seconds/);
  });
});
