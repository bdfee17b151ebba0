/**
 * Preloaded (node --require) into yaml-language-server for the "delay 0" variant: its ValidationHandler
 * waits a hard-coded 200 ms (yamlSettings.validationDelayMs, not a user setting) after each change. This
 * turns exactly that timer into a 0 ms one, so the comparison measures validation work, not the debounce.
 */
const original = globalThis.setTimeout as unknown as (...args: unknown[]) => NodeJS.Timeout;

function patchedSetTimeout(this: unknown, ...args: unknown[]): NodeJS.Timeout {
  if (args[1] === 200 && /validationHandlers/.test(new Error().stack ?? '')) args[1] = 0;
  return original.apply(this, args);
}

Object.defineProperties(patchedSetTimeout, Object.getOwnPropertyDescriptors(original));
globalThis.setTimeout = patchedSetTimeout as unknown as typeof setTimeout;
