/** A project config as service settings for the CLI: the config's values, with command-line options winning. */
import { configToSettings, type ProjectConfig } from '../service/config/projectConfig';
import type { ServiceSettings } from '../service/languageService';

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
