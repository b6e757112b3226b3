// The walkthrough: six steps (account, IDs, preview, delete, statuses, evidence), each with a link to
// a contributed command and a picture that exists; it opens once on a real install, never in tests.
import './helpers/vscodeStub';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../package.json';
import { shouldOpenOnFirstUse, WALKTHROUGH_ID } from '../../src/commands/openWalkthrough';

const root = path.resolve(__dirname, '../..');
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const viewFocus = new Set(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => `${v.id}.focus`)));

describe('walkthrough', () => {
  it('is contributed with a step per stage, each linking a real command and showing an SVG that exists', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough.id, WALKTHROUGH_ID);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['addAccount', 'selectIds', 'preview', 'delete', 'watch', 'export']);
    for (const step of walkthrough.steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const link of links) assert.ok(contributed.has(link) || viewFocus.has(link), `${step.id}: ${link} is contributed`);
      for (const image of Object.values(step.media.image)) {
        const file = path.join(root, image);
        assert.ok(existsSync(file), `${step.id}: ${image} exists`);
        assert.match(readFileSync(file, 'utf8'), /^<svg [^>]*role="img"/);
        assert.doesNotMatch(readFileSync(file, 'utf8'), /var\(/, 'an <img> cannot read theme variables: concrete colours');
      }
      assert.ok(step.media.altText.length > 10);
    }
    assert.ok(walkthrough.steps[0].description.includes('command:userErasure.testConnection'), 'add an account and test it');
  });

  it('both welcome views link to it', () => {
    for (const welcome of manifest.contributes.viewsWelcome) assert.match(welcome.contents, /\[Get Started\]\(command:userErasure\.openWalkthrough\)/);
  });

  it('opens on first use of a real install only: not in extension tests, not twice, not when opted out', () => {
    const real = { testing: false, shownBefore: false, optOut: undefined, openOnInstall: true };
    assert.equal(shouldOpenOnFirstUse(real), true);
    assert.equal(shouldOpenOnFirstUse({ ...real, testing: true }), false);
    assert.equal(shouldOpenOnFirstUse({ ...real, shownBefore: true }), false);
    assert.equal(shouldOpenOnFirstUse({ ...real, optOut: '1' }), false);
    assert.equal(shouldOpenOnFirstUse({ ...real, openOnInstall: false }), false);
  });

  it('the jobs title bar deletes with an icon that does not read as "clear this list"', () => {
    const command = manifest.contributes.commands.find((c) => c.command === 'userErasure.deleteSelectedUsers');
    assert.ok(command && !['$(trash)', '$(clear-all)', '$(close)', '$(remove)', '$(eraser)'].includes(command.icon ?? ''), command?.icon);
    const find = manifest.contributes.commands.find((c) => c.command === 'userErasure.findJob');
    assert.equal(find?.title, 'Find Job by Ticket or ID…');
    assert.ok(manifest.contributes.menus['view/title'].some((m) => m.command === 'userErasure.findJob' && m.when === 'view == userErasure.jobs'));
  });
});
