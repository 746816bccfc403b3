// The prover-staking dashboard: plain JavaScript, no build step. It reads the node's HTTP API
// (GET /openapi.json), follows its event stream to update live, and signs transactions in the
// browser (ethers, loaded only on the account page) with a wallet (window.ethereum,
// eth_signTypedData_v4) or, on a dev node, a dev account derived from the public dev mnemonic.
// Amounts are BigInt in the token's smallest unit everywhere but the charts; they are typed and
// shown in token units with the token's decimals.
'use strict';

const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const DEV_CHAIN_ID = 31337;
const YEAR = 365 * 24 * 3600;

const S = {
  status: null,      // GET /v1/status
  tokens: null,      // GET /v1/tokens
  stats: null,       // GET /v1/stats, extended live by the stream
  refresh: null,     // the current page's update, called after new events
  charts: [],
  signer: null,      // {kind: 'dev'|'wallet', address, index?, wallet?}
  types: null,       // GET /v1/tx/types
  proversView: {sort: 'totalStaked', dir: -1, page: 0, state: ''},
  prefill: {},       // values to put in the account page's forms (from a prover's page)
  loadedAt: null,
};

// ============================================================================ small helpers

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (v) => String(v).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));

class ApiFailure extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status;
    this.code = body && body.error ? body.error : 'HTTP' + status;
  }
}

async function api(path, options) {
  let r;
  try {
    r = await fetch(path, options);
  } catch (e) {
    throw new ApiFailure(0, {error: 'Unreachable', message: 'the node cannot be reached: ' + e.message});
  }
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = {error: 'HTTP' + r.status, message: text.slice(0, 200)}; }
  if (!r.ok) throw new ApiFailure(r.status, body);
  return body;
}

/** Every item of a paged list (GET …?limit=&cursor=), following "next" to the end. */
async function allPages(path, field) {
  const out = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(path + sep + 'limit=1000' + (cursor ? '&cursor=' + cursor : ''));
    out.push(...page[field]);
    cursor = page.next;
  } while (cursor);
  return out;
}

// ============================================================================ amounts and times

function token(kind) { return S.tokens[kind === 'reward' && !S.tokens.sameToken ? 'reward' : 'stake']; }

/** A raw amount (decimal string or BigInt) in token units: "1234.5", exact, no trailing zeros. */
function units(raw, kind = 'stake') {
  const d = token(kind).decimals;
  let v = BigInt(raw);
  const neg = v < 0n;
  if (neg) v = -v;
  const base = 10n ** BigInt(d);
  const whole = (v / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let frac = d > 0 ? (v % base).toString().padStart(d, '0').replace(/0+$/, '') : '';
  return (neg ? '-' : '') + whole + (frac ? '.' + frac : '');
}

/** A raw amount as an element: the text in units and the symbol, the raw value in data-raw (for people copying, and tests). */
function amt(raw, kind = 'stake', field = '') {
  return `<span class="amount"${field ? ` data-field="${esc(field)}"` : ''} data-raw="${esc(String(raw))}">${esc(units(raw, kind))} ${esc(token(kind).symbol)}</span>`;
}

/** A typed amount in token units ("12.5", "1,000") to raw units; throws a sentence when it is not one. */
function parseUnits(text, kind = 'stake') {
  const t = token(kind);
  const s = String(text).trim().replace(/[,_\s]/g, '');
  if (!/^\d*\.?\d*$/.test(s) || s === '' || s === '.') throw new Error(`"${text}" is not an amount: type a number of ${t.symbol} such as 12.5`);
  const [w, f = ''] = s.split('.');
  if (f.length > t.decimals) throw new Error(`${t.symbol} has ${t.decimals} decimals: at most ${t.decimals} digits after the point`);
  const v = BigInt(w || '0') * 10n ** BigInt(t.decimals) + BigInt((f + '0'.repeat(t.decimals)).slice(0, t.decimals) || '0');
  if (v === 0n) throw new Error('the amount must be above 0');
  return v;
}

/** For charts only: a raw amount as a float of token units. */
function approx(raw, kind = 'stake') { return Number(BigInt(raw)) / 10 ** token(kind).decimals; }

function pct(bps) { return (bps / 100).toLocaleString('en-US', {maximumFractionDigits: 2}) + '%'; }

function duration(seconds) {
  let s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [];
  if (d) parts.push(d + ' d');
  if (d || h) parts.push(h + ' h');
  if (d || h || m) parts.push(m + ' min');
  parts.push(s + ' s');
  return parts.join(' ');
}

function when(t) { return new Date(t * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC'); }
const nowSeconds = () => Math.floor(Date.now() / 1000);
const shortAddr = (a) => `<a class="addr" href="#/provers/${esc(a)}">${esc(a)}</a>`;

/** The yearly emission yield of a unit staked with this prover now, after its commission (0 when it earns none). */
function emissionYield(p, emission) {
  if (p.state !== 'Active' || BigInt(emission.totalWeight) === 0n || BigInt(emission.budget) === 0n) return 0;
  return Number(BigInt(emission.ratePerSecond)) * YEAR / Number(BigInt(emission.totalWeight)) * (1 - p.commissionRate / 10000);
}
const yieldText = (y) => (y * 100).toLocaleString('en-US', {maximumFractionDigits: 2}) + '% a year';

// ============================================================================ refusals in words

const REFUSALS = {
  InsufficientStake: ['You do not have that much stake with this prover.', 'Enter at most the amount staked shown in your positions, or tick "all of it".'],
  InsufficientBalance: ['Your token balance is too low for this.', 'Enter at most your balance shown above (stake tokens to stake, reward tokens to add rewards).'],
  ZeroAmount: ['The amount is zero.', 'Enter an amount above 0.'],
  RewardsZeroAmount: ['The amount is zero.', 'Enter an amount above 0.'],
  ProverNotRegistered: ['That address is not a registered prover.', 'Check the address, or pick a prover on the Provers page.'],
  RewardsProverNotRegistered: ['That address is not a registered prover.', 'Check the address, or pick a prover on the Provers page.'],
  InvalidProverState: ['The prover is not in a state that allows this (already registered, already retired, not retired, or not active).', 'Look at the prover\'s state on its page: stakes go only to Active provers.'],
  GlobalMinSelfStakeNotMet: ['The minimum self-stake is below the network\'s global minimum.', 'Raise the minimum self-stake to at least the global minimum shown on the Overview.'],
  MinSelfStakeNotMet: ['The prover\'s own stake would fall below its minimum self-stake.', 'Keep your self-stake at or above your minimum, or unstake all of it to stop proving.'],
  SelfStakeUnderflow: ['This would take the prover\'s own stake below its minimum while others still stake with it.', 'Unstake less, or lower your minimum self-stake first.'],
  ActiveStakesRemain: ['The prover still has active stake.', 'A prover retires only when no stake is left, its own included: request an unstake of all of it first.'],
  CommissionRemain: ['The prover still has unclaimed commission.', 'Withdraw rewards from your own prover first, then retire.'],
  InvalidCommission: ['The commission is out of range.', 'Choose a commission from 0% to 100%.'],
  RewardsInvalidCommission: ['The commission is out of range.', 'Choose a commission from 0% to 100%.'],
  TooManyPendingUnstakes: ['You already have 10 pending unstakes with this prover.', 'Complete the ready ones first, then request again.'],
  NoReadyUnstakes: ['None of your pending unstakes with this prover is ready yet.', 'Wait until its countdown ends, then complete it.'],
  NoRewards: ['There is nothing to withdraw from this prover yet.', 'Rewards accrue when rewards are added or emission runs; come back later.'],
  InvalidArg: ['An argument is out of range.', 'Check the values you typed.'],
  InvalidScale: ['The prover\'s scale does not allow this.', 'The prover was slashed too far for this operation.'],
  SlashTooHigh: ['The slash is above the maximum slash percentage.', 'Slash at most the maximum shown on the Overview.'],
  ScaleTooLow: ['The slash would take the prover below the minimum scale.', 'Slash less.'],
  TreasuryInsufficient: ['The treasury pool holds less than that.', 'Withdraw at most the pool shown on the Overview.'],
  NotOwner: ['Only the module\'s owner may do this.', 'Use the owner\'s account.'],
  MissingRole: ['Your account lacks the role this needs.', 'Ask the owner to grant it.'],
  RoleAlreadyGranted: ['The account already holds that role.', 'Nothing to do.'],
  RoleNotGranted: ['The account does not hold that role.', 'Nothing to do.'],
  ArithmeticOverflow: ['The numbers are too large for the ledger.', 'Use a smaller amount.'],
  // refused before the log: nothing was logged, no nonce used
  BadNonce: ['Another transaction of this account got in first.', 'Try again: the page reads your nonce anew.'],
  Expired: ['The transaction reached the node after its deadline.', 'Try again.'],
  BadSignature: ['The signature does not check out.', 'Sign again; if it keeps failing, the wallet signs something else than the node\'s published types.'],
  SignerMismatch: ['The signature is not of the selected account.', 'Select the same account in your wallet as here.'],
  MalformedTransaction: ['The node could not read the transaction.', 'Check the values you typed.'],
  UnknownOp: ['The node does not know this operation.', 'The node may be older than this page: reload it.'],
  Overloaded: ['The node is busy.', 'Try again in a moment.'],
  PayloadTooLarge: ['The transaction is too large.', 'Use shorter values.'],
  Unavailable: ['The node cannot take transactions now.', 'Try again later.'],
  Unreachable: ['The node cannot be reached.', 'Check that it runs, then try again.'],
  WalletDeclined: ['You declined to sign in your wallet.', 'Nothing was sent.'],
  WalletChain: ['Your wallet is on another chain than this node.', 'Switch the wallet to chain id of this node, then try again.'],
};

function refusalHtml(code, detail) {
  const [what, todo] = REFUSALS[code] || ['The node refused it.', 'Read the detail below.'];
  return `<div class="outcome refused" role="alert" data-outcome="refused" data-code="${esc(code)}"><strong>Refused: ${esc(code)}</strong>`
    + `<span data-field="meaning">${esc(what)}</span> <span data-field="todo">${esc(todo)}</span>`
    + (detail ? `<br><span class="note">${esc(detail)}</span>` : '') + '</div>';
}

// ============================================================================ live events

function applyEvent(stats, rec) {
  const e = rec.event;
  const t = stats.totals;
  const add = (k, v) => { t[k] = (BigInt(t[k]) + BigInt(v)).toString(); };
  switch (e.type) {
    case 'Staked': add('staked', e.amount); add('stake', e.amount); break;
    case 'UnstakeCompleted': add('unstaked', e.amount); add('stake', -BigInt(e.amount)); break;
    case 'ProverSlashed': add('slashed', e.totalSlashed); add('stake', -BigInt(e.totalSlashed)); break;
    case 'RewardsAdded': add('rewardsAdded', e.amount); add('distributed', e.amount); add('commission', e.commission); break;
    case 'EmissionSettled': add('emission', e.amount); add('distributed', e.amount); add('commission', e.commission); break;
    case 'RewardsWithdrawn': add('paid', e.amount); break;
    case 'ProverInitialized': t.proversRegistered++; break;
    default: stats.upTo = rec.seq; return false;
  }
  const point = {t: rec.t, seq: rec.seq, stake: t.stake, distributed: t.distributed, emission: t.emission, paid: t.paid};
  const last = stats.series[stats.series.length - 1];
  if (last && last.t === rec.t) stats.series[stats.series.length - 1] = point; else stats.series.push(point);
  stats.upTo = rec.seq;
  return true;
}

let refreshTimer = null;
function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    if (S.refresh) {
      try { await S.refresh(); } catch (e) { console.warn('refresh failed', e); }
    }
  }, 250);
}

let source = null;
// A browser holds at most 6 connections to one host over HTTP/1.1 and a stream holds one: a page
// left (kept in the back-forward cache) closes its stream, or a few visits would starve the next
// page's requests; it opens it again, from where it stopped, when it is shown again.
window.addEventListener('pagehide', () => { if (source) { source.close(); source = null; } });
window.addEventListener('pageshow', (ev) => { if (ev.persisted && S.stats && !source) follow(); });

function follow() {
  const live = $('#live');
  source = new EventSource('/v1/events/stream?after=' + S.stats.upTo);
  source.onopen = () => { live.textContent = 'Live updates: on'; live.dataset.state = 'on'; };
  source.onerror = () => { live.textContent = 'Live updates: reconnecting'; live.dataset.state = 'reconnecting'; };
  source.onmessage = null;
  const onEvent = (m) => {
    const rec = JSON.parse(m.data);
    if (rec.seq <= S.stats.upTo) return;
    applyEvent(S.stats, rec);
    live.dataset.seq = String(rec.seq);
    scheduleRefresh();
  };
  // the stream names each message by its event type: listen to every type the API has
  for (const type of ['Transfer', 'Deposited', 'Withdrawn', 'ProverInitialized', 'ProverDeactivated', 'ProverRetired', 'ProverUnretired',
    'ProverReactivated', 'MinSelfStakeUpdated', 'Staked', 'UnstakeRequested', 'UnstakeCompleted', 'ProverSlashed', 'CommissionRateUpdated',
    'RewardsAdded', 'RewardsWithdrawn', 'EmissionFunded', 'EmissionRateUpdated', 'EmissionSettled', 'TreasuryPoolWithdrawn',
    'GlobalParamUpdated', 'RoleGranted', 'RoleRevoked', 'OwnershipTransferred', 'message']) {
    source.addEventListener(type, onEvent);
  }
}

// ============================================================================ pages

const main = () => $('#main');

function setNav(name) {
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.nav === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function done(page) {
  document.body.dataset.page = page;
  document.body.dataset.ready = String(Date.now());
  if (!S.loadedAt) {
    S.loadedAt = performance.now();
    document.body.dataset.loadMs = String(Math.round(S.loadedAt));
  }
}

// ---------------------------------------------------------------------------- overview

async function overview() {
  setNav('overview');
  S.charts = [];
  main().innerHTML = `<h1>Network overview</h1>
    <div id="ov-cards" class="cards"></div>
    <h2>Over time</h2>
    <p class="note">From the node's events: the stake held for stakers (staked − completed unstakes − slashed), rewards distributed (added and emitted) and paid out, emission settled to provers.</p>
    <div class="charts">
      <div class="chart"><h3>Stake held for stakers</h3><div id="ch-stake"></div></div>
      <div class="chart"><h3>Rewards distributed and paid out</h3><div id="ch-rewards"></div></div>
      <div class="chart"><h3>Emission settled</h3><div id="ch-emission"></div></div>
    </div>
    <h2>Parameters</h2>
    <div id="ov-params" class="cards"></div>`;
  const update = async () => {
    const first = S.firstOverview; // asked for at start, beside the status (one round trip fewer on a first visit)
    S.firstOverview = null;
    const ov = first ? await first : await api('/v1/overview');
    const em = ov.emission;
    const st = S.stats.totals;
    const s = ov.proversByState;
    const rate = BigInt(em.ratePerSecond);
    const lasts = rate > 0n ? duration(Number(BigInt(em.budget) / rate)) : 'no emission';
    $('#ov-cards').innerHTML = `
      <dl class="card"><dt>Total stake (active)</dt><dd>${amt(ov.totalStaked, 'stake', 'totalStaked')}</dd>
        <dt>Stake with active provers</dt><dd>${amt(ov.activeStake, 'stake', 'activeStake')}</dd>
        <dt>Pending unstakes</dt><dd>${amt(ov.totalPendingUnstake, 'stake', 'totalPendingUnstake')}</dd></dl>
      <dl class="card"><dt>Provers</dt><dd data-field="proverCount">${ov.proverCount}</dd>
        <dt>By state</dt><dd data-field="proversByState">Active ${s.Active}, Retired ${s.Retired}, Deactivated ${s.Deactivated}</dd>
        <dt>Staker positions (active)</dt><dd data-field="stakerPositions">${ov.stakerPositions}</dd></dl>
      <dl class="card"><dt>Rewards distributed</dt><dd>${amt(st.distributed, 'reward', 'distributed')}</dd>
        <dt>Rewards paid out</dt><dd>${amt(st.paid, 'reward', 'paid')}</dd>
        <dt>Commission not yet withdrawn</dt><dd>${amt(ov.pendingCommission, 'reward', 'pendingCommission')}</dd></dl>
      <dl class="card"><dt>Emission rate</dt><dd>${amt(em.ratePerSecond, 'reward', 'ratePerSecond')} a second</dd>
        <dt>Remaining budget</dt><dd>${amt(em.budget, 'reward', 'budget')}</dd>
        <dt>Lasts at this rate</dt><dd data-field="budgetLasts">${esc(lasts)}</dd>
        <dt>Emitted so far</dt><dd>${amt(em.totalEmitted, 'reward', 'totalEmitted')}</dd></dl>
      <dl class="card"><dt>Staking treasury pool</dt><dd>${amt(ov.stakingTreasuryPool, 'stake', 'stakingTreasuryPool')}</dd>
        <dt>Rewards treasury pool</dt><dd>${amt(ov.rewardsTreasuryPool, 'reward', 'rewardsTreasuryPool')}</dd></dl>`;
    $('#ov-params').innerHTML = `
      <dl class="card"><dt>Unstake delay</dt><dd data-field="unstakeDelay" data-raw="${esc(ov.params.unstakeDelay)}">${esc(duration(Number(ov.params.unstakeDelay)))}</dd>
        <dt>Global minimum self-stake</dt><dd>${amt(ov.params.globalMinSelfStake, 'stake', 'globalMinSelfStake')}</dd>
        <dt>Largest slash</dt><dd data-field="maxSlashPercentage">${esc(Number(ov.params.maxSlashPercentage) / 10000)}%</dd></dl>
      <dl class="card"><dt>Profile</dt><dd>${esc(ov.profile)}</dd><dt>History index</dt><dd data-field="index">${ov.index}</dd>
        <dt>Ledger time</dt><dd>${esc(when(ov.t))}</dd></dl>
      <dl class="card"><dt>Supply</dt><dd>${amt(ov.totalSupply.stake, 'stake', 'supplyStake')}</dd>
        ${S.tokens.sameToken ? '' : `<dd>${amt(ov.totalSupply.reward, 'reward', 'supplyReward')}</dd>`}
        <dt>Staking module owner</dt><dd class="addr">${esc(ov.owners.staking)}</dd></dl>`;
    drawCharts();
    done('overview');
  };
  S.refresh = update;
  await update();
}

function drawCharts() {
  if (typeof uPlot === 'undefined') return;
  const pts = S.stats.series;
  const xs = pts.map((p) => p.t);
  const specs = [
    ['#ch-stake', [['stake', 'stake', 'Stake held']]],
    ['#ch-rewards', [['distributed', 'reward', 'Distributed'], ['paid', 'reward', 'Paid out']]],
    ['#ch-emission', [['emission', 'reward', 'Emission']]],
  ];
  specs.forEach(([sel, lines], i) => {
    const el = $(sel);
    if (!el) return;
    const data = [xs, ...lines.map(([f, kind]) => pts.map((p) => approx(p[f], kind)))];
    el.dataset.points = String(pts.length);
    if (S.charts[i] && S.charts[i].root.isConnected) {
      S.charts[i].setData(data);
      return;
    }
    const width = Math.max(200, el.clientWidth || 320);
    S.charts[i] = new uPlot({
      width, height: 180,
      series: [{}, ...lines.map(([, kind, label], k) => ({label: label + ' (' + token(kind).symbol + ')', stroke: k ? '#9a6700' : '#0b57d0', width: 2, dash: k ? [6, 4] : undefined}))],
      axes: [{}, {size: 70}],
      legend: {show: true},
    }, data, el);
  });
}

// the charts follow the width of their boxes (a phone turned, a window resized)
let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    for (const c of S.charts) {
      if (c && c.root.isConnected) c.setSize({width: Math.max(200, c.root.parentElement.clientWidth), height: 180});
    }
  }, 100);
});

// ---------------------------------------------------------------------------- provers

const PROVER_COLUMNS = [
  ['address', 'Prover', (p) => p.address],
  ['state', 'State', (p) => p.state],
  ['commissionRate', 'Commission', (p) => p.commissionRate],
  ['selfEffectiveStake', 'Self-stake', (p) => BigInt(p.selfEffectiveStake)],
  ['totalStaked', 'Total stake', (p) => BigInt(p.totalStaked)],
  ['stakerCount', 'Stakers', (p) => p.stakerCount],
  ['pendingCommission', 'Pending commission', (p) => BigInt(p.pendingCommission)],
  ['yield', 'Emission yield now', (p) => p.yield],
];
const PAGE_SIZE = 25;

async function provers() {
  setNav('provers');
  const v = S.proversView;
  main().innerHTML = `<h1>Provers</h1>
    <p class="note">Yield: what a unit staked now would earn a year from emission at the current rate, after the prover's commission (rewards added per proof come on top).</p>
    <div class="pager"><label class="inline">State <select id="pv-state">
      <option value="">all</option><option>Active</option><option>Retired</option><option>Deactivated</option></select></label>
      <span id="pv-count" class="note"></span></div>
    <div class="scroll"><table id="provers"><thead><tr>${PROVER_COLUMNS.map(([k, label]) =>
      `<th class="${k === 'address' || k === 'state' ? '' : 'num'}" data-col="${k}"><button type="button" data-sort="${k}">${esc(label)}</button></th>`).join('')}</tr></thead><tbody></tbody></table></div>
    <div class="pager"><button type="button" id="pv-prev">Previous page</button><span id="pv-page"></span><button type="button" id="pv-next">Next page</button></div>`;
  $('#pv-state').value = v.state;
  let rows = [];
  let em = null;
  const render = () => {
    const col = PROVER_COLUMNS.find((c) => c[0] === v.sort);
    const list = rows.filter((p) => !v.state || p.state === v.state);
    list.sort((a, b) => {
      const x = col[2](a), y = col[2](b);
      const c = x < y ? -1 : x > y ? 1 : (a.address < b.address ? -1 : 1);
      return c * v.dir;
    });
    const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    v.page = Math.min(v.page, pages - 1);
    const slice = list.slice(v.page * PAGE_SIZE, (v.page + 1) * PAGE_SIZE);
    $('#provers tbody').innerHTML = slice.map((p) => `<tr data-prover="${esc(p.address)}">
      <td>${shortAddr(p.address)}</td><td data-field="state">${esc(p.state)}</td>
      <td class="num" data-field="commission">${pct(p.commissionRate)}</td>
      <td class="num">${amt(p.selfEffectiveStake, 'stake', 'selfEffectiveStake')}</td>
      <td class="num">${amt(p.totalStaked, 'stake', 'totalStaked')}</td>
      <td class="num" data-field="stakerCount">${p.stakerCount}</td>
      <td class="num">${amt(p.pendingCommission, 'reward', 'pendingCommission')}</td>
      <td class="num" data-field="yield">${yieldText(p.yield)}</td></tr>`).join('') || '<tr><td colspan="8">No provers yet.</td></tr>';
    for (const th of document.querySelectorAll('#provers th')) {
      th.setAttribute('aria-sort', th.dataset.col === v.sort ? (v.dir > 0 ? 'ascending' : 'descending') : 'none');
      const b = th.querySelector('button');
      b.textContent = PROVER_COLUMNS.find((c) => c[0] === th.dataset.col)[1] + (th.dataset.col === v.sort ? (v.dir > 0 ? ' (ascending)' : ' (descending)') : '');
    }
    $('#pv-count').textContent = `${list.length} provers`;
    $('#pv-page').textContent = `page ${v.page + 1} of ${pages}`;
    $('#pv-prev').disabled = v.page === 0;
    $('#pv-next').disabled = v.page >= pages - 1;
  };
  main().addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-sort]');
    if (b) {
      if (v.sort === b.dataset.sort) v.dir = -v.dir; else { v.sort = b.dataset.sort; v.dir = b.dataset.sort === 'address' ? 1 : -1; }
      v.page = 0;
      render();
    }
  });
  $('#pv-prev').onclick = () => { v.page--; render(); };
  $('#pv-next').onclick = () => { v.page++; render(); };
  $('#pv-state').onchange = (ev) => { v.state = ev.target.value; v.page = 0; render(); };
  const update = async () => {
    [rows, em] = await Promise.all([allPages('/v1/provers', 'provers'), api('/v1/emission')]);
    for (const p of rows) p.yield = emissionYield(p, em);
    render();
    done('provers');
  };
  S.refresh = update;
  await update();
}

// ---------------------------------------------------------------------------- one prover

function historyText(e) {
  const ev = e.event;
  switch (ev.type) {
    case 'ProverInitialized': return `Registered with minimum self-stake ${units(ev.minSelfStake)} ${token('stake').symbol} and commission ${pct(ev.commissionRate)}`;
    case 'ProverRetired': return 'Retired (state: Retired)';
    case 'ProverUnretired': return 'Came back from retirement (state: Active)';
    case 'ProverDeactivated': return 'Deactivated (state: Deactivated)';
    case 'ProverReactivated': return 'Reactivated by the owner (state: Active)';
    case 'CommissionRateUpdated': return `Commission changed from ${pct(ev.oldRate)} to ${pct(ev.newRate)}`;
    case 'MinSelfStakeUpdated': return `Minimum self-stake changed to ${units(ev.newMinSelfStake)} ${token('stake').symbol}`;
    case 'ProverSlashed': return `Slashed by ${Number(ev.percentage) / 10000}%: ${units(ev.totalSlashed)} ${token('stake').symbol} lost`;
    default: return ev.type;
  }
}

async function proverPage(address) {
  setNav('provers');
  address = address.toLowerCase();
  const cursors = [null];
  let at = 0;
  main().innerHTML = `<h1>Prover <span class="addr">${esc(address)}</span></h1>
    <div id="pr-cards" class="cards"></div>
    <p><a href="#/account" id="pr-stake">Stake with this prover</a></p>
    <h2>Stakers</h2>
    <div class="scroll"><table id="stakers"><thead><tr><th>Staker</th><th class="num">Staked</th><th class="num">Pending unstake</th><th class="num">Pending rewards</th></tr></thead><tbody></tbody></table></div>
    <div class="pager"><button type="button" id="st-prev">Previous page</button><span id="st-page"></span><button type="button" id="st-next">Next page</button></div>
    <h2>History</h2>
    <div class="scroll"><table id="history"><thead><tr><th>Time</th><th>History index</th><th>What happened</th></tr></thead><tbody></tbody></table></div>`;
  $('#pr-stake').onclick = () => { S.prefill = {prover: address}; };
  const stakers = async () => {
    const page = await api(`/v1/provers/${address}/stakers?limit=20` + (cursors[at] ? '&cursor=' + cursors[at] : ''));
    cursors[at + 1] = page.next;
    $('#stakers tbody').innerHTML = page.stakers.map((s) => `<tr data-staker="${esc(s.staker)}"><td class="addr">${esc(s.staker)}${s.staker === address ? ' (the prover)' : ''}</td>
      <td class="num">${amt(s.amount, 'stake', 'amount')}</td><td class="num">${amt(s.totalPendingUnstake, 'stake', 'totalPendingUnstake')}</td>
      <td class="num">${amt(s.pendingRewards, 'reward', 'pendingRewards')}</td></tr>`).join('') || '<tr><td colspan="4">No stakers.</td></tr>';
    $('#st-page').textContent = `page ${at + 1}`;
    $('#st-prev').disabled = at === 0;
    $('#st-next').disabled = !page.next;
  };
  $('#st-prev').onclick = async () => { at--; await stakers(); };
  $('#st-next').onclick = async () => { at++; await stakers(); };
  const update = async () => {
    let p;
    try {
      p = await api('/v1/provers/' + address);
    } catch (e) {
      if (e.status !== 404) throw e;
      main().innerHTML = `<h1>Prover</h1><p>${esc(address)} is not a registered prover.</p>`;
      done('prover');
      return;
    }
    const [em, hist] = await Promise.all([api('/v1/emission'), api(`/v1/provers/${address}/history`)]);
    $('#pr-cards').innerHTML = `
      <dl class="card"><dt>State</dt><dd data-field="state">${esc(p.state)}</dd><dt>Commission</dt><dd data-field="commission">${pct(p.commissionRate)}</dd>
        <dt>Emission yield now</dt><dd data-field="yield">${yieldText(emissionYield(p, em))}</dd></dl>
      <dl class="card"><dt>Total stake</dt><dd>${amt(p.totalStaked, 'stake', 'totalStaked')}</dd><dt>Self-stake</dt><dd>${amt(p.selfEffectiveStake, 'stake', 'selfEffectiveStake')}</dd>
        <dt>Minimum self-stake</dt><dd>${amt(p.minSelfStake, 'stake', 'minSelfStake')}</dd></dl>
      <dl class="card"><dt>Stakers</dt><dd data-field="stakerCount">${p.stakerCount}</dd><dt>Pending unstakes</dt><dd>${amt(p.totalPendingUnstake, 'stake', 'totalPendingUnstake')}</dd>
        <dt>Scale (1 = never slashed)</dt><dd data-field="scale">${esc(units(p.scale))}</dd></dl>
      <dl class="card"><dt>Pending commission</dt><dd>${amt(p.pendingCommission, 'reward', 'pendingCommission')}</dd>
        <dt>Emission received</dt><dd>${amt(p.emissionReceived, 'reward', 'emissionReceived')}</dd></dl>`;
    $('#history tbody').innerHTML = hist.events.slice().reverse().map((e) => `<tr data-event="${esc(e.event.type)}"><td>${esc(when(e.t))}</td><td>${e.index}</td><td>${esc(historyText(e))}</td></tr>`).join('');
    await stakers();
    done('prover');
  };
  S.refresh = update;
  await update();
}

// ---------------------------------------------------------------------------- my account

let ethersLoading = null;
function loadEthers() {
  if (window.ethers) return Promise.resolve(window.ethers);
  if (!ethersLoading) {
    ethersLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/ethers/ethers.umd.min.js';
      s.onload = () => resolve(window.ethers);
      s.onerror = () => reject(new Error('could not load ethers'));
      document.head.appendChild(s);
    });
  }
  return ethersLoading;
}

let devAccounts = null;
/** The ten dev accounts of node-api.md, when this node is a dev node (chain 31337 whose owner is dev account 0). */
async function devKeys(ethers, owner) {
  if (S.status.chainId !== DEV_CHAIN_ID) return null;
  if (!devAccounts) {
    const root = ethers.HDNodeWallet.fromMnemonic(ethers.Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
    devAccounts = [];
    for (let i = 0; i < 10; i++) devAccounts.push(root.deriveChild(i));
  }
  return devAccounts[0].address.toLowerCase() === owner ? devAccounts : null;
}

async function account() {
  setNav('account');
  main().innerHTML = `<h1>My account</h1><div id="ac-connect"><p>Loading the signing library…</p></div><div id="ac-body"></div>`;
  const [ethers, ov] = await Promise.all([loadEthers(), api('/v1/overview')]);
  if (!S.types) S.types = await api('/v1/tx/types');
  const dev = await devKeys(ethers, ov.owners.staking);
  const connect = $('#ac-connect');
  connect.innerHTML = `<form class="act" id="connect-form" onsubmit="return false">
      <h3>Connect</h3>
      ${window.ethereum ? '<button type="button" id="wallet" class="primary">Connect wallet</button>' : '<span class="note">No Ethereum wallet in this browser.</span>'}
      ${dev ? `<label>Dev account <select id="dev-account">${dev.map((w, i) => `<option value="${i}">${i}: ${esc(w.address.toLowerCase())}</option>`).join('')}</select></label>
        <button type="button" id="use-dev">Use dev account</button>
        <p class="warn" style="width:100%">Dev node: these keys come from the public dev mnemonic; anyone can use them. Never on a real chain.</p>` : ''}
      <p id="signer" style="width:100%" data-address="${esc(S.signer ? S.signer.address : '')}">${S.signer ? 'Signing as <span class="addr">' + esc(S.signer.address) + '</span>' + (S.signer.kind === 'dev' ? ' (dev account ' + S.signer.index + ')' : ' (wallet)') : 'Not connected.'}</p>
    </form>`;
  if (dev) {
    $('#use-dev').onclick = () => {
      const i = Number($('#dev-account').value);
      S.signer = {kind: 'dev', index: i, wallet: dev[i], address: dev[i].address.toLowerCase()};
      account();
    };
    if (S.signer && S.signer.kind === 'dev') $('#dev-account').value = String(S.signer.index);
  }
  if (window.ethereum) {
    $('#wallet').onclick = async () => {
      try {
        const accounts = await window.ethereum.request({method: 'eth_requestAccounts'});
        S.signer = {kind: 'wallet', address: String(accounts[0]).toLowerCase()};
        account();
      } catch (e) {
        $('#ac-body').innerHTML = refusalHtml('WalletDeclined', e.message);
      }
    };
  }
  if (!S.signer) {
    S.refresh = null;
    done('account');
    return;
  }
  await accountBody();
}

async function accountBody() {
  const me = S.signer.address;
  const pre = S.prefill;
  S.prefill = {};
  $('#ac-body').innerHTML = `
    <div id="ac-outcome"></div>
    <div id="ac-cards" class="cards"></div>
    <h2>Positions</h2>
    <div class="scroll"><table id="positions"><thead><tr><th>Prover</th><th class="num">Staked</th><th class="num">Rewards to withdraw</th><th>Pending unstakes</th><th>Actions</th></tr></thead><tbody></tbody></table></div>
    <h2>Act</h2>
    <form class="act" id="f-stake"><h3>Stake</h3>
      <label>Prover <input type="text" name="prover" required placeholder="0x…" value="${esc(pre.prover || '')}"></label>
      <label>Amount (${esc(token('stake').symbol)}) <input type="text" name="amount" inputmode="decimal" placeholder="12.5"></label>
      <button class="primary">Stake</button></form>
    <form class="act" id="f-unstake"><h3>Request unstake</h3>
      <label>Prover <input type="text" name="prover" placeholder="0x…" value="${esc(pre.prover || '')}"></label>
      <label>Amount (${esc(token('stake').symbol)}) <input type="text" name="amount" inputmode="decimal" placeholder="12.5"></label>
      <label class="inline"><input type="checkbox" name="all"> all of it</label>
      <button class="primary">Request unstake</button></form>
    <div id="ac-prover"></div>`;
  const outcome = (html) => { $('#ac-outcome').innerHTML = html; $('#ac-outcome').scrollIntoView({block: 'nearest'}); };
  const form = (id, build) => {
    $(id).addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = ev.target;
      let op, args;
      try {
        [op, args] = build(f);
      } catch (e) {
        outcome(`<div class="outcome refused" role="alert" data-outcome="invalid"><strong>Not sent: check what you typed</strong>${esc(e.message)}</div>`);
        return;
      }
      await send(op, args, outcome);
    });
  };
  const prover = (f) => {
    const p = f.prover.value.trim().toLowerCase();
    if (!/^0x[0-9a-f]{40}$/.test(p)) throw new Error('the prover is an address: 0x and 40 hex digits');
    return p;
  };
  form('#f-stake', (f) => ['stake', {prover: prover(f), amount: parseUnits(f.amount.value).toString()}]);
  form('#f-unstake', (f) => f.all.checked ? ['requestUnstakeAll', {prover: prover(f)}]
    : ['requestUnstake', {prover: prover(f), amount: parseUnits(f.amount.value).toString()}]);
  $('#positions').addEventListener('click', async (ev) => {
    const b = ev.target.closest('button[data-op]');
    if (b) await send(b.dataset.op, {prover: b.dataset.prover}, outcome);
  });

  let positions = [];
  const tick = () => {
    for (const el of document.querySelectorAll('[data-ready-at]')) {
      const left = Number(el.dataset.readyAt) - nowSeconds();
      el.textContent = left > 0 ? 'ready in ' + duration(left) : 'ready now';
    }
  };
  const update = async () => {
    const [acct, stakes, asProver] = await Promise.all([api('/v1/accounts/' + me), allPages(`/v1/accounts/${me}/stakes`, 'stakes'),
      api('/v1/provers/' + me).catch((e) => { if (e.status === 404) return null; throw e; })]);
    positions = stakes;
    $('#ac-cards').innerHTML = `<dl class="card"><dt>Address</dt><dd class="addr" data-field="address">${esc(acct.address)}</dd><dt>Nonce</dt><dd data-field="nonce">${acct.nonce}</dd>
        ${acct.roles.length ? `<dt>Roles</dt><dd>${esc(acct.roles.join(', '))}</dd>` : ''}</dl>
      <dl class="card"><dt>Balance</dt><dd>${amt(acct.balances.stake, 'stake', 'balanceStake')}</dd>${S.tokens.sameToken ? '' : `<dd>${amt(acct.balances.reward, 'reward', 'balanceReward')}</dd>`}</dl>`;
    $('#positions tbody').innerHTML = stakes.map((s) => {
      const ready = s.pendingUnstakes.some((u) => u.ready || (BigInt(u.readyAt) <= BigInt(nowSeconds())));
      const pend = s.pendingUnstakes.map((u) => {
        const r = BigInt(u.readyAt) < 10n ** 15n ? Number(u.readyAt) : Infinity;
        return `<li data-field="pendingUnstake" data-raw="${esc(u.amount)}">${esc(units(u.amount))} ${esc(token('stake').symbol)}: `
          + (r === Infinity ? 'never ready' : `<span data-ready-at="${r}"></span>`) + '</li>';
      }).join('');
      return `<tr data-prover="${esc(s.prover)}"><td>${shortAddr(s.prover)}</td><td class="num">${amt(s.amount, 'stake', 'amount')}</td>
        <td class="num">${amt(s.withdrawable, 'reward', 'withdrawable')}</td><td>${pend ? `<ul>${pend}</ul>` : 'none'}</td>
        <td><button type="button" data-op="withdrawRewards" data-prover="${esc(s.prover)}" ${BigInt(s.withdrawable) === 0n ? 'disabled' : ''}>Withdraw rewards</button>
          <button type="button" data-op="requestUnstakeAll" data-prover="${esc(s.prover)}" ${BigInt(s.amount) === 0n ? 'disabled' : ''}>Unstake all</button>
          <button type="button" data-op="completeUnstake" data-prover="${esc(s.prover)}" ${ready ? '' : 'disabled'}>Complete unstake</button></td></tr>`;
    }).join('') || '<tr><td colspan="5">No positions yet.</td></tr>';
    tick();
    proverSection(asProver, outcome);
    done('account');
  };
  if (S.ticker) clearInterval(S.ticker);
  S.ticker = setInterval(tick, 1000);
  S.refresh = update;
  await update();
}

function proverSection(p, outcome) {
  const el = $('#ac-prover');
  const wasProver = el.dataset.prover;
  const state = p ? p.state : '';
  if (wasProver === state && el.innerHTML) { // keep what is typed; refresh the facts
    if (p) $('#ac-prover-facts').innerHTML = proverFacts(p);
    return;
  }
  el.dataset.prover = state;
  if (!p) {
    el.innerHTML = `<h2>Become a prover</h2><form class="act" id="f-init"><h3>Register as a prover</h3>
      <label>Minimum self-stake (${esc(token('stake').symbol)}), staked now <input type="text" name="minSelfStake" inputmode="decimal" placeholder="100"></label>
      <label>Commission (%) <input type="text" name="commission" inputmode="decimal" placeholder="5"></label>
      <button class="primary">Register</button></form>`;
  } else {
    el.innerHTML = `<h2>My prover</h2><p id="ac-prover-facts">${proverFacts(p)}</p>
      <form class="act" id="f-commission"><h3>Change commission</h3>
        <label>New commission (%) <input type="text" name="commission" inputmode="decimal" placeholder="5"></label>
        <button class="primary">Change commission</button></form>
      <form class="act" id="f-retire"><h3>Retire or come back</h3>
        <span class="note">A prover retires once no stake and no commission is left; a retired prover may come back.</span>
        <button type="submit" name="op" value="retireProver" ${p.state === 'Retired' ? 'disabled' : ''}>Retire</button>
        <button type="submit" name="op" value="unretireProver" ${p.state === 'Retired' ? '' : 'disabled'}>Unretire</button></form>`;
  }
  const commission = (text) => {
    const s = String(text).trim().replace('%', '');
    if (!/^\d+(\.\d{1,2})?$/.test(s)) throw new Error('the commission is a percentage from 0 to 100 with at most 2 decimals, such as 5 or 2.5');
    const bps = Math.round(Number(s) * 100);
    if (bps > 10000) throw new Error('the commission is at most 100%');
    return bps;
  };
  const bind = (id, build) => {
    const f = $(id);
    if (!f) return;
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      let op, args;
      try {
        [op, args] = build(f, ev.submitter);
      } catch (e) {
        outcome(`<div class="outcome refused" role="alert" data-outcome="invalid"><strong>Not sent: check what you typed</strong>${esc(e.message)}</div>`);
        return;
      }
      await send(op, args, outcome);
    });
  };
  bind('#f-init', (f) => ['initProver', {minSelfStake: parseUnits(f.minSelfStake.value).toString(), commissionRate: commission(f.commission.value)}]);
  bind('#f-commission', (f) => ['updateCommissionRate', {rate: commission(f.commission.value)}]);
  bind('#f-retire', (f, submitter) => submitter.value === 'retireProver' ? ['retireProver', {prover: S.signer.address}] : ['unretireProver', {}]);
}

function proverFacts(p) {
  return `State <span data-field="proverState">${esc(p.state)}</span>, commission <span data-field="proverCommission">${pct(p.commissionRate)}</span>,
    total stake ${amt(p.totalStaked, 'stake', 'proverTotalStaked')}, pending commission ${amt(p.pendingCommission, 'reward', 'proverPendingCommission')}
    (<a href="#/provers/${esc(p.address)}">its page</a>).`;
}

/** Signs op(args) as the connected account (EIP-712 with the node's published types) and sends it; shows the outcome in words. */
async function send(op, args, outcome) {
  const signer = S.signer;
  const primary = op[0].toUpperCase() + op.slice(1);
  const fields = S.types.types[primary];
  const domain = S.types.domain;
  outcome(`<div class="outcome" data-outcome="pending">Signing and sending ${esc(op)}…</div>`);
  let body;
  try {
    const acct = await api('/v1/accounts/' + signer.address);
    const deadline = Math.max(nowSeconds(), S.status.t) + 600;
    const message = {...args, nonce: acct.nonce, deadline};
    let signature;
    if (signer.kind === 'dev') {
      signature = await signer.wallet.signTypedData(domain, {[primary]: fields}, message);
    } else {
      const typed = {types: {EIP712Domain: S.types.types.EIP712Domain, [primary]: fields}, domain, primaryType: primary,
        message: Object.fromEntries(Object.entries(message).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]))};
      try {
        signature = await window.ethereum.request({method: 'eth_signTypedData_v4', params: [signer.address, JSON.stringify(typed)]});
      } catch (e) {
        outcome(refusalHtml(e && e.code === 4001 ? 'WalletDeclined' : 'WalletChain', e && e.message));
        return;
      }
    }
    body = await api('/v1/tx', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({op, args, nonce: acct.nonce, deadline, signature})});
  } catch (e) {
    if (e instanceof ApiFailure) {
      outcome(refusalHtml(e.code, e.message + ' (nothing was logged)'));
    } else {
      outcome(refusalHtml('Unknown', e.message));
    }
    return;
  }
  if (body.ok) {
    outcome(`<div class="outcome ok" role="status" data-outcome="ok" data-index="${body.index}"><strong>Done: ${esc(op)}</strong>Applied at history index ${body.index}.</div>`);
  } else {
    outcome(refusalHtml(body.error, `${body.message ? body.message + '. ' : ''}It is in the log at index ${body.index} and used your nonce; nothing else changed.`));
  }
  if (S.refresh) await S.refresh();
}

// ============================================================================ start

async function route() {
  const h = location.hash || '#/';
  S.refresh = null;
  if (S.ticker) { clearInterval(S.ticker); S.ticker = null; }
  const m = h.match(/^#\/provers\/(0x[0-9a-fA-F]{40})$/);
  try {
    if (m) await proverPage(m[1]);
    else if (h === '#/provers') await provers();
    else if (h === '#/account') await account();
    else await overview();
  } catch (e) {
    main().innerHTML = refusalHtml(e.code || 'Error', e.message);
    done('error');
  }
}

async function start() {
  try {
    const h = location.hash || '#/';
    if (h === '#/' || h === '#') {
      S.firstOverview = api('/v1/overview');
      S.firstOverview.catch(() => {}); // its failure is the overview page's to show
    }
    [S.status, S.tokens, S.stats] = await Promise.all([api('/v1/status'), api('/v1/tokens'), api('/v1/stats')]);
  } catch (e) {
    main().innerHTML = refusalHtml(e.code || 'Unreachable', e.message);
    return;
  }
  $('#chain').textContent = `Chain id ${S.status.chainId}, profile ${S.status.profile}; tokens ${S.tokens.stake.symbol}`
    + (S.tokens.sameToken ? '' : ` and ${S.tokens.reward.symbol}`) + ` (${S.tokens.stake.decimals} decimals).`;
  window.addEventListener('hashchange', route);
  follow();
  await route();
}

start();
