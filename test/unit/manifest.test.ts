// package.json ↔ code: every contributed command is registered by src/commands/index.ts (and the
// reverse), every menu names a contributed command and an existing view, and every `viewItem`
// pattern matches contextValues the trees really produce, for the right rows only.
import './helpers/vscodeStub';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../package.json';
import { allCommands } from '../../src/commands';
import { VENDOR_DEFINITIONS } from '../../src/vendors';

const VENDOR_IDS = VENDOR_DEFINITIONS.map((v) => v.id);
import { JobStore } from '../../src/core/jobStore';
import { accountContextValue, vendorGroupContextValue } from '../../src/views/accounts/describe';
import { JobsTreeModel } from '../../src/views/jobs/jobsTreeModel';
import { GroupNode } from '../../src/views/jobs/nodes/groupNode';
import { IdNode } from '../../src/views/jobs/nodes/idNode';
import { JobNode } from '../../src/views/jobs/nodes/jobNode';
import { TargetNode } from '../../src/views/jobs/nodes/targetNode';
import type { JobsNode } from '../../src/views/jobs/nodes/node';
import { countOf, retrySelectionOf } from '../../src/views/jobs/selection';
import { ids, jobSpec, setOutcome, treeContext } from './helpers/jobs';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const contributes = manifest.contributes;
const contributed = contributes.commands.map((c) => c.command);
const menus = contributes.menus as Record<string, MenuEntry[]>;
const viewIds = Object.values(contributes.views).flatMap((views) => views.map((v) => v.id));
const itemMenus = menus['view/item/context'];

/** Every row of the Erasure Jobs tree over jobs in every state, running or not. */
async function producedJobRows(): Promise<{ node: JobsNode; contextValue: string; running: boolean }[]> {
  const store = new JobStore();
  const running = new Set<string>();
  const everything = await store.add(
    jobSpec([
      { ids: ids(9) },
      { options: { vendor: 'batch', mode: 'gdpr', appKeyLabel: 'iOS' }, ids: ids(4) },
      { options: { vendor: 'cooladata', reason: 'r' }, ids: ids(3) },
      { options: { vendor: 'engagelab', idType: 'alias' }, ids: ids(3) },
    ]),
  );
  const outcomes = ['sending', 'accepted', 'done', 'failed', 'not-found', 'skipped', 'cancelled', 'unknown'] as const;
  for (const [i, outcome] of outcomes.entries()) await setOutcome(store, everything.id, 0, [i], { outcome });
  await setOutcome(store, everything.id, 1, [0, 1, 2, 3], { outcome: 'done' });
  await setOutcome(store, everything.id, 2, [0], { outcome: 'accepted' });
  const allDone = await store.add(jobSpec([{ ids: ids(2) }]));
  await setOutcome(store, allDone.id, 0, [0, 1], { outcome: 'done' });
  const onlyFailed = await store.add(jobSpec([{ ids: ids(2) }]));
  await setOutcome(store, onlyFailed.id, 0, [0, 1], { outcome: 'failed' });
  const pending = await store.add(jobSpec([{ ids: ids(2) }]));
  await setOutcome(store, pending.id, 0, [0, 1], { outcome: 'accepted' });

  const rows: { node: JobsNode; contextValue: string; running: boolean }[] = [];
  for (const runningJobs of [[], [everything.id, pending.id]]) {
    running.clear();
    for (const id of runningJobs) running.add(id);
    const model = new JobsTreeModel(treeContext(store, running, (t) => t, 1));
    const walk = (node: JobsNode) => {
      rows.push({ node, contextValue: node.row().contextValue, running: running.has(node.job.id) });
      node.children().forEach(walk);
    };
    model.roots().forEach(walk);
  }
  return rows;
}

/** The row holds IDs accepted by a vendor and not yet known to be done. */
function hasPending(node: JobsNode): boolean {
  if (node instanceof JobNode) return node.job.counts().accepted > 0;
  if (node instanceof TargetNode) return node.target.countOf('accepted') > 0;
  if (node instanceof GroupNode) return node.outcome === 'accepted';
  if (node instanceof IdNode) return node.target.outcomeAt(node.index) === 'accepted';
  return false;
}

const accountRows = [...VENDOR_IDS.map(vendorGroupContextValue), ...VENDOR_IDS.flatMap((v) => [accountContextValue(v, true), accountContextValue(v, false)])];

/** The regex of `viewItem =~ /…/` in a when clause. */
function viewItemPattern(when: string): RegExp | undefined {
  const match = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
  return match ? new RegExp(match[1]) : undefined;
}

function viewOf(when: string): string | undefined {
  return /view == ([\w.]+)/.exec(when)?.[1];
}

function patternOf(command: string): RegExp {
  const entries = itemMenus.filter((m) => m.command === command);
  assert.ok(entries.length > 0, `${command} has no item menu`);
  const patterns = new Set(entries.map((m) => viewItemPattern(m.when ?? '')?.source));
  // Inline and context entries may differ (e.g. retry inline on job/target/group only); use the widest.
  const widest = [...patterns].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))[0];
  return new RegExp(widest ?? '');
}

describe('package.json contributions match the code', () => {
  it('registers every contributed command, and contributes every registered one', () => {
    const registered = allCommands.map((c) => c.id);
    assert.deepEqual(new Set(registered).size, registered.length, 'a command is registered twice');
    assert.deepEqual(contributed.filter((id) => !registered.includes(id)), [], 'contributed but not registered');
    assert.deepEqual(registered.filter((id) => !contributed.includes(id)), [], 'registered but not contributed');
  });

  it('names only contributed commands and existing views in menus and welcome views', () => {
    for (const [menu, entries] of Object.entries(menus)) {
      for (const entry of entries) {
        assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command} is not contributed`);
        const view = viewOf(entry.when ?? '');
        if (view) assert.ok(viewIds.includes(view), `${menu}: ${entry.command} names an unknown view ${view}`);
      }
    }
    for (const welcome of contributes.viewsWelcome) {
      assert.ok(viewIds.includes(welcome.view), `welcome view for unknown view ${welcome.view}`);
      for (const [, command] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(contributed.includes(command), `welcome link to ${command}, which is not contributed`);
      }
    }
  });

  it('every command: link and onCommand: event of the walkthrough, the welcome views and their markdown runs a registered command', () => {
    const registered = new Set(allCommands.map((c) => c.id));
    // Focusing a contributed view is a command VS Code adds for every view.
    const runnable = (id: string) => registered.has(id) || viewIds.some((view) => id === `${view}.focus`);
    const texts: { where: string; text: string }[] = contributes.viewsWelcome.map((w) => ({ where: `viewsWelcome ${w.view}`, text: w.contents }));
    for (const walkthrough of contributes.walkthroughs) {
      for (const step of walkthrough.steps) {
        texts.push({ where: `walkthrough step ${step.id}`, text: step.description });
        for (const event of step.completionEvents ?? []) {
          if (event.startsWith('onCommand:')) assert.ok(runnable(event.slice('onCommand:'.length)), `walkthrough step ${step.id}: ${event} names no registered command`);
        }
        const markdown = (step.media as { markdown?: string }).markdown;
        if (markdown !== undefined) {
          const file = path.join(__dirname, '../..', markdown);
          assert.ok(existsSync(file), `walkthrough step ${step.id}: ${markdown} exists`);
          texts.push({ where: markdown, text: readFileSync(file, 'utf8') });
        }
      }
    }
    let links = 0;
    for (const { where, text } of texts) {
      for (const [, command] of text.matchAll(/\(command:([^)?\s]+)/g)) {
        links++;
        assert.ok(runnable(command), `${where}: the link command:${command} runs no registered command`);
      }
    }
    assert.ok(links >= 10, `${links} command links found`);
  });

  it('walkthrough texts show literally: no markdown emphasis by accident (secrets as *** became bold)', () => {
    for (const step of contributes.walkthroughs.flatMap((w) => w.steps)) {
      const prose = step.description.replace(/\[[^\]]*\]\([^)]*\)/g, '');
      assert.doesNotMatch(prose, /(?<!\\)[*_`]/, `walkthrough step ${step.id}: an unescaped * _ or \` turns the text into markdown`);
    }
  });

  it('hides tree-only commands from the command palette', () => {
    // Item commands that also work from the palette: they ask which account in a quick pick.
    const withPicker = ['userErasure.testConnection'];
    const hidden = new Set(menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const elsewhere = new Set([...menus['view/title'], ...menus['editor/context']].map((m) => m.command));
    const welcome = contributes.viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    for (const command of new Set(itemMenus.map((m) => m.command))) {
      if (elsewhere.has(command) || welcome.includes(command) || withPicker.includes(command)) continue;
      assert.ok(hidden.has(command), `${command} appears only on tree items but shows in the palette`);
    }
  });

  it('matches every viewItem pattern against contextValues its tree really produces', async () => {
    const jobRows = (await producedJobRows()).map((r) => r.contextValue);
    for (const entry of itemMenus) {
      const pattern = viewItemPattern(entry.when ?? '');
      assert.ok(pattern, `${entry.command}: item menu without a viewItem pattern`);
      const produced = viewOf(entry.when ?? '') === 'userErasure.jobs' ? jobRows : accountRows;
      assert.ok(
        produced.some((value) => pattern.test(value)),
        `${entry.command}: /${pattern.source}/ matches no contextValue of ${viewOf(entry.when ?? '')}`,
      );
    }
  });

  it('offers each job action on exactly the rows it can act on', async () => {
    const rows = await producedJobRows();
    const cancel = patternOf('userErasure.cancelJob');
    const retry = patternOf('userErasure.retryFailed');
    const resume = patternOf('userErasure.resumeJob');
    const remove = patternOf('userErasure.removeJob');
    const copy = patternOf('userErasure.copyIds');
    const details = patternOf('userErasure.showDetails');
    const verify = patternOf('userErasure.verifyNow');
    const exportJob = patternOf('userErasure.exportJob');
    for (const { node, contextValue, running } of rows) {
      const isJob = node instanceof JobNode;
      const what = `${node.kind} ${contextValue}`;
      assert.equal(cancel.test(contextValue), isJob && running, `Cancel on ${what}`);
      assert.equal(retry.test(contextValue), !running && countOf(retrySelectionOf([node])) > 0, `Retry on ${what}`);
      assert.equal(resume.test(contextValue), isJob && !running && node.job.counts().planned > 0, `Resume on ${what}`);
      assert.equal(remove.test(contextValue), isJob && !running, `Remove on ${what}`);
      assert.equal(copy.test(contextValue), node.kind === 'target' || node.kind === 'group' || node.kind === 'id', `Copy on ${what}`);
      assert.equal(details.test(contextValue), node.kind !== 'more', `Details on ${what}`);
      assert.equal(verify.test(contextValue), hasPending(node), `Verify Now on ${what}`);
      assert.equal(exportJob.test(contextValue), isJob, `Export Job on ${what}`);
    }
    assert.ok(rows.some((r) => r.node.kind === 'more'), 'the walk covers "Show more…" rows');
  });

  it('hides the actions that change the history in a read-only window (userErasure.readOnly)', () => {
    const changing = ['userErasure.retryFailed', 'userErasure.resumeJob', 'userErasure.removeJob', 'userErasure.clearHistory', 'userErasure.verifyNow'];
    for (const [menu, entries] of Object.entries(menus)) {
      for (const entry of entries.filter((e) => changing.includes(e.command) && e.when !== 'false')) {
        assert.match(entry.when ?? '', /&& !userErasure\.readOnly$|^!userErasure\.readOnly$/, `${menu}: ${entry.command} is offered in a read-only window`);
      }
    }
    const readOnly = menus['view/title'].filter((m) => /view == userErasure\.jobs$/.test(m.when ?? '')).map((m) => m.command);
    assert.ok(readOnly.includes('userErasure.exportHistory'), 'Export History works read-only too');
  });
});
