/**
 * The seed network's controls, shared by the panels that show it: change the
 * hidden size in one and the parameter table in the other follows. Values are
 * kept as typed, so a half-typed number is never silently replaced.
 */
import { map } from 'nanostores';
import { SEED_SETTINGS, settingsInput, type SettingsField, type SettingsInput } from './settings';

export const $seedSettingsInput = map<SettingsInput>(settingsInput(SEED_SETTINGS));

export function setSeedSetting(field: SettingsField, value: string): void {
  $seedSettingsInput.setKey(field, value);
}
