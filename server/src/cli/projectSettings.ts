/** A project config as service settings for the CLI: the config's values, with command-line options winning. */
import { configToSettings, type ProjectConfig } from '../service/config/projectConfig';
import { fileURLToPath } from 'node:url';
import type { ServiceSettings } from '../service/languageService';
import { ProjectConfigFinder } from '../host/projectConfigFiles';
import { displayPath, InputError } from './files';

const converted = new WeakMap<ProjectConfig, WeakMap<ServiceSettings, ServiceSettings>>();

/** The same object for the same config and options, so that catalogs built for it are reused. */
export function projectSettingsFor(config: ProjectConfig | undefined, cli: ServiceSettings): ServiceSettings | undefined {
  if (!config) return undefined;
  let byCli = converted.get(config);
  if (!byCli) converted.set(config, (byCli = new WeakMap()));
  let settings = byCli.get(cli);
  if (!settings) {
    const fromConfig = configToSettings(config);
    settings = { ...fromConfig, ...cli, rules: { ...fromConfig.rules, ...cli.rules } };
    if (!cli.graphTarget && fromConfig.graphTarget) settings.graphTarget = fromConfig.graphTarget;
    byCli.set(cli, settings);
  }
  return settings;
}

/** For dry-run, eval and convert: each file's nearest config; a broken one stops the command (exit 2). */
export function cliProjectSettings(): (uri: string) => ServiceSettings | undefined {
  const finder = new ProjectConfigFinder();
  return (uri) => {
    if (!uri.startsWith('file:')) return undefined;
    const loaded = finder.forFile(fileURLToPath(uri));
    if (!loaded) return undefined;
    if (loaded.problems.length > 0) {
      const problem = loaded.problems[0];
      throw new InputError(`${displayPath(loaded.path)}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`);
    }
    return configToSettings(loaded.config);
  };
}
