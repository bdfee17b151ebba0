import { ServerCapabilities } from 'vscode-languageserver/node';
import { ServerContext } from '../context';

/** One editor feature: the capabilities it announces and the handlers it registers. */
export interface Feature {
  capabilities: ServerCapabilities;
  register(ctx: ServerContext): void;
}
