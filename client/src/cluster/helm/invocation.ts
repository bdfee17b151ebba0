import * as path from 'node:path';
import { Driver } from '../types';
import { isNamespace, isObjectName, isReleaseName } from './names';
import { HelmProblem } from '../../../../node/helm/problem';

export interface HelmTestRequest {
  release: string;
  namespace: string;
  /** Where the release's records are: helm must be told, or it looks in Secrets only. */
  driver: Driver;
  /** The kube context and kubeconfig files the view reads, so helm acts on the same cluster. */
  context: string;
  kubeconfigFiles: string[];
  timeoutSeconds: number;
  /** Test hook names to run (`--filter name=`); all tests when empty. */
  tests: string[];
}

export interface Invocation {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * `helm test` as an argument array. Every value is checked first and passed as `--flag=value`, so nothing
 * from a tree row or an input box can turn into another flag.
 */
export function helmTestInvocation(req: HelmTestRequest, baseEnv: NodeJS.ProcessEnv = process.env): Invocation {
  if (!isReleaseName(req.release)) throw new HelmProblem('invalid-input', `"${req.release}" is not a Helm release name.`);
  if (!isNamespace(req.namespace)) throw new HelmProblem('invalid-input', `"${req.namespace}" is not a namespace name.`);
  for (const t of req.tests) if (!isObjectName(t)) throw new HelmProblem('invalid-input', `"${t}" is not a test hook name.`);
  // Context names are free text in kubeconfigs (ARNs, `user@cluster`); only control characters are refused.
  if (req.context === '' || [...req.context].some((ch) => ch <= '\u001f' || ch === '\u007f')) throw new HelmProblem('invalid-input', 'The kube context name is empty or holds control characters.');
  if (!Number.isInteger(req.timeoutSeconds) || req.timeoutSeconds < 1) throw new HelmProblem('invalid-input', `The helm test timeout must be a whole number of seconds (it is ${req.timeoutSeconds}).`);
  const args = ['test', req.release, `--namespace=${req.namespace}`, `--kube-context=${req.context}`, `--timeout=${req.timeoutSeconds}s`];
  for (const t of req.tests) args.push(`--filter=name=${t}`);
  const env: NodeJS.ProcessEnv = { ...baseEnv, HELM_DRIVER: req.driver === 'configmap' ? 'configmap' : 'secret' };
  // These would point helm at another server or identity than the view reads.
  for (const name of Object.keys(env)) if (name.startsWith('HELM_KUBE')) delete env[name];
  // helm's --kubeconfig takes one file; several are merged the kubectl way only through KUBECONFIG.
  if (req.kubeconfigFiles.length === 1) args.push(`--kubeconfig=${req.kubeconfigFiles[0]}`);
  else if (req.kubeconfigFiles.length > 1) env.KUBECONFIG = req.kubeconfigFiles.join(path.delimiter);
  return { args, env };
}
