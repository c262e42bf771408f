// Launches the system Chromium through playwright-core with the flags this machine needs.
import { CHROMIUM_PATH, CHROMIUM_TEST_FLAGS } from '@superagent/devkit';
import { chromium, type Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_TEST_FLAGS] });
}
