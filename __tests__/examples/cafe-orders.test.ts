import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stacksFromFile } from '../../src/config/load';
import { synthProfile } from '../support/synth';
import { startServiceApp, StartedApp } from '../support/app-start';

/** examples/cafe-orders: its config validates and synthesizes, and its bundle starts as user data starts it and takes an order. */
const root = join(__dirname, '..', '..');
const configFile = join(root, 'examples', 'cafe-orders', 'stormproof.config.json');

describe('examples/cafe-orders (bundle)', () => {
  let app: StartedApp | undefined;
  afterAll(() => app?.stop());

  it('runs the order site from its bundle with the stack env, answers health on its port and takes an order', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    let profile;
    try {
      [profile] = stacksFromFile(readFileSync(configFile, 'utf8'), 'examples/cafe-orders/stormproof.config.json');
    } finally {
      process.chdir(cwd);
    }
    const { json, stack } = synthProfile(profile);
    const lt = Object.values<any>(json.resource.aws_launch_template)[0];
    expect(lt.tags['stormproof:image-source']).toBe('bundle');
    const userData = Buffer.from(lt.user_data, 'base64').toString('utf8');
    expect(userData).not.toContain('Stormproof demo app');
    expect(userData).not.toContain("Frank's Café"); // env values live in SSM, not user data
    expect(userData).toContain("fetch CAFE_NAME '/cafe-production-web/env/CAFE_NAME'");

    app = await startServiceApp(json, stack.services.web);
    expect(app.env.CAFE_NAME).toBe("Frank's Café");
    const page = await fetch(`${app.url}/`);
    expect(await page.text()).toContain('<form method="post" action="/order">');
    const order = await fetch(`${app.url}/order`, { method: 'POST', body: 'name=Ada&item=Espresso', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(order.status).toBe(201);
    expect(await order.text()).toContain("Frank's Café is preparing your Espresso");
    expect(readFileSync(join(app.env.STATE_DIR, 'orders.jsonl'), 'utf8')).toContain('"item": "Espresso"');
  }, 60_000);
});
