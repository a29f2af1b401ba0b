// The evaluator's dashboard: everything it shows comes from the service's /api endpoints (rows of the SQL views).
'use strict';

const charts = {};
window.dashboard = { charts, ready: false };
Chart.defaults.animation = false; // charts appear at once, and screenshots show them complete

const percent = v => v == null ? '—' : (100 * v).toFixed(1) + ' %';
// A probe accuracy with its 95 % interval, so two methods a point apart are not read as different.
const withInterval = (v, low, high) => low == null ? percent(v) : percent(v) + ' [' + (100 * low).toFixed(1) + '–' + (100 * high).toFixed(1) + ']';
// Digits have no "valid": the digit judge's plausible share stands where Python lines show their valid share.
const isDigits = run => run.dataset === 'mnist';
// Only Python lines have a validity rule (CPython's parser): free text and digits get no valid-share chart.
const hasValidity = run => run.dataset === 'python-lines';
const innerShare = run => isDigits(run) ? run.digit_plausible_share : run.interpolation_valid_share;
const palette = ['#2f6fde', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#5c940d', '#862e9c'];

async function api(path) {
  const response = await fetch('/api' + path);
  if (!response.ok) {
    throw new Error(path + ': ' + response.status + ' ' + (await response.text()));
  }
  return response.json();
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  children.forEach(child => node.append(child instanceof Node ? child : String(child ?? '')));
  return node;
}

function draw(id, config) {
  if (charts[id]) {
    charts[id].destroy();
  }
  charts[id] = new Chart(document.getElementById(id), config);
}

function lineOptions(yTitle, yMax) {
  return {
    responsive: true, maintainAspectRatio: false, parsing: false,
    scales: { x: { type: 'linear', title: { display: true, text: 'step' } },
              y: { title: { display: true, text: yTitle }, min: 0, max: yMax } },
    plugins: { legend: { position: 'bottom' } }
  };
}

// Bars of shares in percent, one group per checkpoint (probe accuracies, edit success).
function percentBarOptions(yTitle) {
  return {
    responsive: true, maintainAspectRatio: false,
    scales: { y: { min: 0, max: 100, title: { display: true, text: yTitle } } },
    plugins: { legend: { position: 'bottom' } }
  };
}

async function showRuns() {
  const runs = await api('/runs');
  const body = document.querySelector('#runs tbody');
  body.replaceChildren(...runs.map(run => {
    const row = element('tr', { 'data-run': run.run_id }, element('td', {}, run.run_id), element('td', {}, run.dataset ?? '—'),
      element('td', {}, run.state ?? '—'), element('td', {}, run.trainer ?? '—'), element('td', {}, run.last_step ?? '—'), element('td', {}, percent(innerShare(run))));
    row.addEventListener('click', () => showRun(run));
    return row;
  }));
  document.getElementById('status').textContent = runs.length + ' run(s)';
  const wanted = new URLSearchParams(location.search).get('run');
  const first = runs.find(run => run.run_id === wanted) ?? runs.find(run => run.checkpoints > 0) ?? runs[0];
  if (first) {
    await showRun(first);
  }
}

async function showRun(run) {
  document.querySelectorAll('#runs tbody tr').forEach(row => row.classList.toggle('selected', row.dataset.run === run.run_id));
  document.getElementById('run-title').textContent = run.run_id + ' · ' + (run.dataset ?? 'dataset unknown') + ' · ' + (run.state ?? '');
  showCards(run);
  const [curve, checkpoints, validity] = await Promise.all([
    api('/runs/' + encodeURIComponent(run.run_id) + '/curve'),
    api('/runs/' + encodeURIComponent(run.run_id) + '/checkpoints'),
    api('/runs/' + encodeURIComponent(run.run_id) + '/validity')]);
  showCurves(curve);
  document.getElementById('validity-chart').closest('figure').hidden = !hasValidity(run);
  if (hasValidity(run)) {
    showValidity(checkpoints, validity);
  }
  showProbes(checkpoints);
  showEditChart(checkpoints);
  const select = document.getElementById('checkpoint');
  select.replaceChildren(...checkpoints.slice().reverse().map(c => element('option', { value: c.checkpoint_id }, c.checkpoint_id + ' (step ' + c.step + ')')));
  select.onchange = () => Promise.all([showInterpolations(select.value, checkpoints), showEdits(select.value)]);
  if (checkpoints.length) {
    await Promise.all([showInterpolations(select.value, checkpoints), showEdits(select.value)]);
  } else {
    document.getElementById('interpolations').replaceChildren(element('p', { class: 'muted' }, 'no checkpoint evaluated yet'));
    document.getElementById('edits').replaceChildren();
  }
}

function showCards(run) {
  const inner = isDigits(run)
    ? [['inner points plausible (digit judge ≥ 0.9)', percent(run.digit_plausible_share)],
       ['paths from A’s digit to B’s without detours', percent(run.digit_paths_without_detours)]]
    : hasValidity(run)
    ? [['inner interpolation points valid', percent(run.interpolation_valid_share)],
       ['valid and new (neither end of the pair)', percent(run.interpolation_novel_share)]]
    : [];
  const cards = [
    ['token accuracy (training)', percent(run.training_token_accuracy)],
    ['reconstruction exact', percent(run.reconstruction_exact)],
    ...inner,
    ['probe: latent linear SVM [95 % interval]', withInterval(run.probe_accuracy, run.probe_ci_low, run.probe_ci_high)],
    run.probe_pixel_baseline != null ? ['baseline: pixel linear SVM', percent(run.probe_pixel_baseline)]
                                     : ['baseline: TF-IDF linear SVM', percent(run.probe_bow_baseline)],
    ['baseline: majority class', percent(run.probe_majority_baseline)],
    ['seed probe: RBF SVM', percent(run.probe_rbf_seed_split)],
    ...(run.edit_success == null ? [] : [['semantic edits reaching their target (learnt direction)', percent(run.edit_success)],
                                          ['baseline: random direction of the same length', percent(run.edit_random_baseline)]]),
    ...(run.guided_edit_success == null ? [] : [['semantic edits, syntax-guided decoding', percent(run.guided_edit_success)],
                                                ['baseline: random direction, guided', percent(run.guided_edit_random_baseline)]]),
    ...(run.guided_edit_success_keeping_names == null ? [] :
        [['guided edits that kept their input\'s names', percent(run.guided_edit_success_keeping_names)],
         ['baseline: random direction, guided, names kept', percent(run.guided_edit_random_keeping_names)]])];
  document.getElementById('cards').replaceChildren(...cards.map(([label, value]) => element('div', { class: 'card' }, element('b', {}, value), label)));
}

function showCurves(curve) {
  const series = (field) => curve.filter(p => p[field] != null).map(p => ({ x: p.step, y: p[field] }));
  draw('loss-chart', { type: 'line', data: { datasets: [
    { label: 'reconstruction loss', data: series('reconstruction_loss'), borderColor: palette[0], pointRadius: 0 },
    { label: 'MMD (right axis)', data: series('mmd_loss'), borderColor: palette[1], pointRadius: 0, yAxisID: 'mmd' }] },
    options: withMmdAxis(lineOptions('reconstruction loss')) });
  draw('accuracy-chart', { type: 'line', data: { datasets: [
    { label: 'token accuracy', data: series('token_accuracy'), borderColor: palette[2], pointRadius: 0 }] }, options: lineOptions('accuracy', 1) });
  showResearchLosses(curve);
}

// Critic, cycle and smoothness losses appear only in runs that switch them on; their chart only then.
function showResearchLosses(curve) {
  const names = [...new Set(curve.flatMap(p => Object.keys(p.research_losses || {})))].sort();
  document.getElementById('research-chart').closest('figure').hidden = names.length === 0;
  if (names.length === 0) {
    return;
  }
  const series = (name) => curve.filter(p => p.research_losses && p.research_losses[name] != null)
    .map(p => ({ x: p.step, y: p.research_losses[name] }));
  draw('research-chart', { type: 'line', data: { datasets: names.map((name, i) => (
    { label: name, data: series(name), borderColor: palette[(i + 3) % palette.length], pointRadius: 0 })) },
    options: lineOptions('loss') });
}

// MMD is orders of magnitude below the reconstruction loss: it gets its own axis so its curve is visible.
function withMmdAxis(options) {
  options.scales.mmd = { position: 'right', min: 0, title: { display: true, text: 'MMD' }, grid: { drawOnChartArea: false } };
  return options;
}

function showValidity(checkpoints, validity) {
  const datasets = checkpoints.map((c, i) => ({
    label: 'step ' + c.step, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
    data: validity.filter(v => v.checkpoint_id === c.checkpoint_id).map(v => ({ x: v.ratio, y: 100 * v.valid_share }))
  })).filter(d => d.data.length);
  // A path that snaps from A to B is all valid and nothing new: the newest checkpoint's novel share shows it.
  const newest = checkpoints[checkpoints.length - 1];
  if (newest) {
    const color = palette[(checkpoints.length - 1) % palette.length];
    datasets.push({ label: 'step ' + newest.step + ', valid and new', borderColor: color, backgroundColor: color, borderDash: [6, 4],
      data: validity.filter(v => v.checkpoint_id === newest.checkpoint_id).map(v => ({ x: v.ratio, y: 100 * v.novel_valid_share })) });
  }
  const options = lineOptions('valid %', 100);
  options.scales.x = { type: 'linear', min: 0, max: 1, title: { display: true, text: 'interpolation ratio' } };
  draw('validity-chart', { type: 'line', data: { datasets }, options });
}

function showProbes(checkpoints) {
  const methods = [['probe_accuracy', 'latent linear SVM'], ['probe_bow_baseline', 'TF-IDF linear SVM (baseline)'],
                   ['probe_pixel_baseline', 'pixel linear SVM (baseline)'], ['probe_majority_baseline', 'majority class (baseline)'],
                   ['probe_rbf_seed_split', 'RBF SVM, seed split']]
    .filter(([field]) => checkpoints.some(c => c[field] != null));
  draw('probe-chart', { type: 'bar', data: {
    labels: checkpoints.map(c => 'step ' + c.step),
    datasets: methods.map(([field, label], i) => ({ label, backgroundColor: palette[i], data: checkpoints.map(c => c[field] == null ? null : 100 * c[field]) }))
  }, options: percentBarOptions('test accuracy %') });
}

// Learnt directions against random ones of the same length: the gap is what the latent space's semantics are worth.
function showEditChart(checkpoints) {
  const measured = checkpoints.filter(c => c.edit_success != null);
  document.getElementById('edit-chart').closest('figure').hidden = measured.length === 0;
  if (measured.length === 0) {
    return;
  }
  const bars = (label, color, field) => ({ label, backgroundColor: color, data: measured.map(c => c[field] == null ? null : 100 * c[field]) });
  const guided = measured.some(c => c.guided_edit_success != null)
    ? [bars('learnt direction, guided decoding', palette[2], 'guided_edit_success'),
       bars('random direction, guided decoding', palette[3], 'guided_edit_random_baseline')]
    : [];
  draw('edit-chart', { type: 'bar', data: {
    labels: measured.map(c => 'step ' + c.step),
    datasets: [bars('learnt direction', palette[0], 'edit_success'),
               bars('random direction, same length (baseline)', palette[1], 'edit_random_baseline'), ...guided]
  }, options: percentBarOptions('reached target %') });
}

// One row per label pair: how often each kind of direction reached the target, and a few learnt edits as the judge saw them.
async function showEdits(checkpointId) {
  const pairs = await api('/checkpoints/' + encodeURIComponent(checkpointId) + '/edits');
  const container = document.getElementById('edits');
  if (!pairs.length) {
    container.replaceChildren(element('p', { class: 'muted' }, 'no edits for this checkpoint'));
    return;
  }
  const share = counts => counts == null ? '—' : counts.reached + ' / ' + counts.edits + ' (' + percent(counts.success_share) + ')';
  const guided = pairs.some(pair => pair.guided_learned != null);
  const columns = [['learnt direction', pair => share(pair.learned)], ['random direction', pair => share(pair.random)],
    ...(guided ? [['learnt, guided decoding', pair => share(pair.guided_learned)],
                  ['random, guided decoding', pair => share(pair.guided_random)],
                  ['learnt, guided, kept the input\'s names',
                   pair => pair.guided_learned ? pair.guided_learned.reached_keeping_names + ' / ' + pair.guided_learned.edits : '—']] : []),
    ['learnt, still the source label', pair => pair.learned ? pair.learned.kept_source + ' / ' + pair.learned.edits : '—']];
  const rows = pairs.map(pair => element('tr', {},
    element('td', {}, pair.edit_from + ' → ' + pair.edit_to),
    ...columns.map(([, cell]) => element('td', {}, cell(pair))),
    element('td', { class: 'examples' }, ...pair.examples.map(example => editExample(pair.dataset, example)))));
  container.replaceChildren(element('table', { id: 'edit-table' },
    element('thead', {}, element('tr', {}, element('th', {}, 'edit'), ...columns.map(([title]) => element('th', {}, title)),
      element('th', {}, 'learnt edits: input → output (judged)'))),
    element('tbody', {}, ...rows)));
}

function editExample(dataset, example) {
  const judged = element('span', { class: example.reached_target ? 'valid' : 'invalid' }, ' ' + (example.judged_label ?? '✗'));
  return dataset === 'mnist'
    ? element('span', { class: 'edit-example' }, digitCanvas(example.input), ' → ', digitCanvas(example.text), judged)
    : element('div', { class: 'edit-example' }, element('code', {}, example.input), ' → ', element('code', {}, example.text), judged,
              example.decoding === 'GUIDED' ? element('span', { class: 'muted' }, ' (guided)') : '');
}

// checkpoints: the run's checkpoint_summary rows, for the digit judge's line above the strips
async function showInterpolations(checkpointId, checkpoints) {
  const pairs = await api('/checkpoints/' + encodeURIComponent(checkpointId) + '/interpolations');
  const container = document.getElementById('interpolations');
  container.replaceChildren(...pairs.map(pair => pair.dataset === 'mnist' ? digitStrip(pair) : sequenceTable(pair)));
  const checkpoint = checkpoints.find(c => c.checkpoint_id === checkpointId);
  if (pairs.some(pair => pair.dataset === 'mnist') && checkpoint) {
    container.prepend(element('p', { id: 'digit-summary' }, 'Digit judge on this checkpoint: ' + percent(checkpoint.digit_plausible_share)
      + ' of inner points plausible (confidence ≥ 0.9), ' + percent(checkpoint.digit_paths_without_detours)
      + ' of paths from A’s digit to B’s without detours.'));
  }
  if (!pairs.length) {
    container.replaceChildren(element('p', { class: 'muted' }, 'no interpolations for this checkpoint'));
  }
}

// The seed's interpolation table: one row per ratio with the decoded sequence and whether it parses.
function sequenceTable(pair) {
  const rows = pair.points.map(point => element('tr', {},
    element('td', {}, point.ratio.toFixed(1)),
    element('td', { class: 'text' }, point.text),
    verdictCell(point)));
  return element('div', { class: 'pair' }, element('table', {},
    element('thead', {}, element('tr', {}, element('th', {}, 'ratio'), element('th', {}, 'sequence'), element('th', {}, 'valid'))),
    element('tbody', {}, ...rows)));
}

// Digits read better side by side: the decoded images from A to B, each with its ratio and what the digit judge sees
// (the digit and its confidence; plausible in green), and whether the path goes from A's digit to B's without detours.
function digitStrip(pair) {
  const path = pair.without_detours == null ? '' : pair.from_digit + ' → ' + pair.to_digit + ': '
    + (pair.without_detours ? 'no detours' : 'detour') + ' (' + (pair.judged_digits ?? '') + ')';
  return element('div', { class: 'pair' }, element('table', {},
    element('caption', { class: pair.without_detours ? 'valid' : 'invalid' }, path),
    element('tbody', {},
      element('tr', {}, element('th', {}, 'digit'), ...pair.points.map(point => element('td', {}, digitCanvas(point.text)))),
      element('tr', {}, element('th', {}, 'ratio'), ...pair.points.map(point => element('td', {}, point.ratio.toFixed(1)))),
      element('tr', {}, element('th', {}, 'judge'), ...pair.points.map(judgeCell)))));
}

const judgeCell = point => point.judged_digit == null ? verdictCell(point)
  : element('td', { class: 'judge ' + (point.digit_plausible ? 'valid' : 'undecided'), title: 'confidence ' + percent(point.digit_confidence) },
      point.judged_digit + ' ' + Math.round(100 * point.digit_confidence) + '%');

const verdictCell = point => element('td', { class: verdictClass(point.verdict), title: point.validity_error ?? '' }, verdictText(point.verdict));
const verdictClass = v => v === 'valid' ? 'valid' : v === 'invalid' ? 'invalid' : 'undecided';
const verdictText = v => v === 'valid' ? '✓' : v === 'invalid' ? '✗' : v === 'error' ? 'undecided' : '—';

showRuns().then(() => { window.dashboard.ready = true; })
  .catch(error => { document.getElementById('status').textContent = 'error: ' + error.message; window.dashboard.error = error.message; });
