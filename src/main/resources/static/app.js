// The dashboard: plain JS over the REST API and the job event stream, no build step and no network beyond this server.
'use strict';

const api = '/api/v1';
const app = document.getElementById('app');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf'];
let cleanup = () => {};

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// A secured server wants an API key: asked for once, kept for this browser tab only, sent as a bearer token.
const KEY = 'descent.apiKey';

function authorized(headers = {}) {
  const key = sessionStorage.getItem(KEY);
  return key ? {...headers, Authorization: 'Bearer ' + key} : headers;
}

// Every request: the key sent, a 401 asking for it; a refusal's problem detail, with the CSV line and column it
// names, becomes the error's message.
async function request(path, options = {}) {
  const response = await fetch(path, {...options, headers: authorized(options.headers)});
  if (response.status === 401) {
    askForKey();
    throw new Error('this server needs an API key');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const where = problem.line ? ` (line ${problem.line}, column ${problem.column})` : '';
    throw new Error((problem.detail || path + ' answered ' + response.status) + where);
  }
  return response;
}

function call(path, headers = {}, signal) {
  return request(path, {headers, signal});
}

async function json(path) {
  return (await call(path, {Accept: 'application/json'})).json();
}

// A change: cancel, resume, delete, upload.
function send(method, path, body) {
  return request(path, {method, body, headers: {Accept: 'application/json'}});
}

function askForKey() {
  if (document.getElementById('api-key')) return;
  const input = el('input', {id: 'api-key', type: 'password', placeholder: 'API key', autocomplete: 'off'});
  const form = el('form', {class: 'key'}, 'This server is secured. ', input, el('button', {type: 'submit'}, 'Use key'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    form.remove();
    route();
  });
  document.querySelector('header').append(form);
}

// Links to files (plots, exports) fetched with the key and opened from memory, since a plain link cannot send it.
function fileLink(href, text) {
  const link = el('a', {href}, text);
  link.addEventListener('click', async event => {
    if (!sessionStorage.getItem(KEY)) return;
    event.preventDefault();
    const blob = await (await call(href)).blob();
    window.open(URL.createObjectURL(blob));
  });
  return link;
}

// Server-sent events over fetch, which (unlike EventSource) can send the key; reconnects from the last event id.
function eventStream(path, lastEventId, handlers) {
  const abort = new AbortController();
  let last = lastEventId;
  async function read() {
    const response = await call(`${path}?lastEventId=${last}`, {Accept: 'text/event-stream'}, abort.signal);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = {type: 'message', data: []};
        for (const line of buffer.substring(0, end).split('\n')) {
          const colon = line.indexOf(':');
          const field = line.substring(0, colon), text = line.substring(colon + 1);
          if (field === 'event') event.type = text; else if (field === 'data') event.data.push(text);
          else if (field === 'id') last = text;
        }
        buffer = buffer.substring(end + 2);
        if (handlers[event.type]) handlers[event.type]({data: event.data.join('\n')});
        if (event.type === 'end') { abort.abort(); return; }
      }
    }
  }
  (async () => {
    while (!abort.signal.aborted) {
      try { await read(); } catch (e) { if (abort.signal.aborted) return; }
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  })();
  return {close: () => abort.abort()};
}

function eta(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 60) return seconds + ' s';
  return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
}

function progressBar(fraction) {
  const bar = el('span', {class: 'bar'}, el('span'));
  bar.firstChild.style.width = Math.round(100 * fraction) + '%';
  return bar;
}

function route() {
  cleanup();
  cleanup = () => {};
  const job = location.hash.match(/^#\/jobs\/([0-9a-f-]{36})$/);
  const sweep = location.hash.match(/^#\/sweeps\/([0-9a-f-]{36})$/);
  const compared = location.hash.match(/^#\/compare\/([0-9a-f,-]+)$/);
  if (job) showJob(job[1]);
  else if (sweep) showSweep(sweep[1]);
  else if (location.hash === '#/sweeps') showSweeps();
  else if (location.hash === '#/datasets') showDatasets();
  else if (compared) showComparison(compared[1].split(','));
  else showJobs();
}

// Re-runs refresh every few seconds while the page is shown; refresh returns false once nothing can change.
function refreshing(refresh, milliseconds) {
  let timer = null, stopped = false;
  const tick = async () => { if (await refresh() !== false && !stopped) timer = setTimeout(tick, milliseconds); };
  tick();
  cleanup = () => { stopped = true; clearTimeout(timer); };
}

// --- the job list ------------------------------------------------------------------------------------------------

function showJobs() {
  const body = el('tbody');
  const compare = el('a', {href: '#', id: 'compare-link'}, 'Compare the selected runs');
  // the list's filters, as GET /jobs takes them: a project, and tags (key or key:value, separated by spaces)
  const project = el('input', {id: 'filter-project', type: 'search', placeholder: 'project'});
  const tags = el('input', {id: 'filter-tags', type: 'search', placeholder: 'tags: key or key:value'});
  const headings = ['', 'name', 'status', 'progress', 'epoch', 'ETA', 'dataset', 'project', 'tags', 'created'];
  app.replaceChildren(el('h1', {}, 'Jobs'),
    el('p', {class: 'filters'}, el('label', {}, 'Project ', project), ' ', el('label', {}, 'Tags ', tags)),
    el('table', {id: 'jobs'}, el('thead', {}, el('tr', {}, ...headings.map(h => el('th', {}, h)))), body),
    el('p', {class: 'links'}, compare, el('span', {class: 'muted'}, '(their curves overlaid, the settings that differ)')));
  const selected = new Set();
  compare.addEventListener('click', event => {
    event.preventDefault();
    if (selected.size) location.hash = '#/compare/' + [...selected].join(',');
  });
  async function refresh() {
    try {
      const query = new URLSearchParams({size: 50});
      if (project.value.trim()) query.append('project', project.value.trim());
      tags.value.split(/\s+/).filter(t => t).forEach(t => query.append('tag', t));
      const page = await json(api + '/jobs?' + query);
      body.replaceChildren(...page.items.map(job => {
        const box = el('input', {type: 'checkbox'});
        box.checked = selected.has(job.id);
        box.addEventListener('change', () => box.checked ? selected.add(job.id) : selected.delete(job.id));
        return el('tr', {'data-job': job.id},
          el('td', {}, box),
          el('td', {}, el('a', {href: '#/jobs/' + job.id}, job.name || job.id.substring(0, 8))),
          el('td', {class: 'status status-' + job.status}, job.status),
          el('td', {}, progressBar(job.progress.fraction), ' ' + Math.round(100 * job.progress.fraction) + '%'),
          el('td', {}, job.progress.epoch + ' / ' + job.progress.epochs),
          el('td', {}, eta(job.progress.etaSeconds)),
          el('td', {}, job.datasetId),
          el('td', {class: 'job-project'}, job.project || ''),
          el('td', {class: 'job-tags'}, ...Object.entries(job.tags).map(([k, v]) => el('span', {class: 'tag'}, k + ':' + v))),
          el('td', {}, new Date(job.createdAt).toLocaleString()));
      }));
      if (!page.items.length) body.replaceChildren(el('tr', {}, el('td', {colspan: headings.length, class: 'muted'},
        project.value || tags.value ? 'No jobs match.' : 'No jobs yet.')));
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', {colspan: headings.length, class: 'error'}, e.message)));
    }
  }
  project.addEventListener('input', refresh);
  tags.addEventListener('input', refresh);
  refreshing(refresh, 2000);
}

// --- one job -----------------------------------------------------------------------------------------------------

function showJob(id) {
  const status = el('span', {class: 'status', id: 'job-status'});
  const progress = el('span', {id: 'job-progress'});
  const lossCanvas = el('canvas', {class: 'chart', id: 'loss-chart', width: 560, height: 320});
  const accuracyCanvas = el('canvas', {class: 'chart', id: 'accuracy-chart', width: 560, height: 320});
  const plots = 'loss,validation_loss';
  const reason = el('p', {id: 'job-reason', class: 'muted'});
  const actions = el('p', {class: 'actions', id: 'job-actions'});
  const spec = el('pre', {id: 'job-spec'});
  const metrics = el('table', {id: 'job-metrics'});
  app.replaceChildren(el('h1', {id: 'job-title'}, id),
    el('p', {}, status, ' ', progress), reason, actions,
    el('p', {class: 'links'},
      fileLink(api + '/jobs/' + id + '/plot.svg?metrics=' + plots + '&log=true', 'SVG plot (log)'),
      fileLink(api + '/jobs/' + id + '/history/export?format=csv&level=step', 'steps CSV'),
      fileLink(api + '/jobs/' + id + '/history/export?format=json&level=epoch', 'epochs JSON'),
      fileLink(api + '/jobs/' + id, 'job JSON'),
      el('a', {href: '/swagger-ui/index.html'}, 'Swagger UI')),
    el('div', {class: 'charts'}, lossCanvas, accuracyCanvas), metrics,
    el('div', {id: 'job-diagnostics'}),
    el('details', {}, el('summary', {}, 'What the job was asked to do'), spec));

  // the actions a job's state allows, each asked to be confirmed; the page follows the job's new state
  function showActions(job) {
    const act = (label, method, path, question, after) => {
      const button = el('button', {type: 'button', 'data-action': label.toLowerCase()}, label);
      button.addEventListener('click', async () => {
        if (!confirm(question)) return;
        try {
          await send(method, path);
          after();
        } catch (e) {
          actions.append(el('span', {class: 'error'}, ' ' + e.message));
        }
      });
      return button;
    };
    const refresh = async () => showProgress(await json(api + '/jobs/' + id));
    const buttons = [];
    if (['QUEUED', 'RUNNING', 'PAUSED'].includes(job.status)) {
      buttons.push(act('Cancel', 'POST', `${api}/jobs/${id}/cancel`, 'Cancel this job?', refresh));
    }
    if (job.status === 'CANCELLED' && job.checkpointStep !== null) {
      buttons.push(act('Resume', 'POST', `${api}/jobs/${id}/resume`, 'Resume this job from its checkpoint?',
        () => route()));
    }
    if (!['QUEUED', 'RUNNING', 'PAUSED'].includes(job.status)) {
      buttons.push(act('Delete', 'DELETE', `${api}/jobs/${id}`, 'Delete this job, its history and its model?',
        () => { location.hash = '#/'; }));
    }
    if (job.status === 'SUCCEEDED') buttons.push(fileLink(`${api}/jobs/${id}/model`, 'model JSON'));
    actions.replaceChildren(...buttons);
  }

  const loss = {title: 'loss', xLabel: 'step', series: [
    {label: 'batch loss', points: []}, {label: 'epoch train loss', points: []}, {label: 'validation loss', points: []}]};
  const accuracy = {title: 'accuracy', xLabel: 'epoch', series: [
    {label: 'train accuracy', points: []}, {label: 'validation accuracy', points: []}]};
  const redraw = () => { drawChart(lossCanvas, loss); drawChart(accuracyCanvas, accuracy); };
  let source = null;

  function showProgress(job) {
    document.getElementById('job-title').textContent = job.name || id;
    if (job.trial && !document.getElementById('job-sweep')) {
      status.parentNode.after(el('p', {id: 'job-sweep'}, 'Trial ' + job.trial.number + ' of ',
        el('a', {href: '#/sweeps/' + job.trial.sweepId}, 'its sweep'), ': ' + describe(job.trial.assignment)));
    }
    status.textContent = job.status;
    status.className = 'status status-' + job.status;
    reason.textContent = job.statusReason || '';
    spec.textContent = JSON.stringify(job.spec, null, 2);
    showActions(job);
    progress.replaceChildren(progressBar(job.progress.fraction),
      ` ${Math.round(100 * job.progress.fraction)}%, epoch ${job.progress.epoch} of ${job.progress.epochs}` +
      (job.progress.etaSeconds !== null ? ', about ' + eta(job.progress.etaSeconds) + ' left' : ''));
  }

  async function start() {
    const job = await json(api + '/jobs/' + id);
    showProgress(job);
    // growing batches are not a diagnostic, but their batch_size curve is plotted with them
    const isPrivate = Boolean(job.spec.training.privacy);
    const latest = showDiagnostics(id, {...job.spec.training.diagnostics,
      adaptiveBatch: job.spec.training.adaptiveBatch}, isPrivate);
    if (isPrivate) showPrivacy(id);
    const curve = metric => json(`${api}/jobs/${id}/curves?metric=${metric}&maxPoints=500&method=lttb`);
    const [steps, trainAccuracy, validationAccuracy] =
      await Promise.all([curve('loss'), curve('train_accuracy'), curve('validation_accuracy')]);
    const epochs = await json(api + '/jobs/' + id + '/history');
    const recorded = epochs.slice();
    showMetrics(metrics, recorded);
    loss.series[0].points = steps.points.map(p => [p.x, p.value]);
    loss.series[1].points = epochs.map(e => [e.steps, e.trainLoss]);
    loss.series[2].points = epochs.filter(e => e.validationLoss !== null).map(e => [e.steps, e.validationLoss]);
    accuracy.series[0].points = trainAccuracy.points.map(p => [p.x, p.value]);
    accuracy.series[1].points = validationAccuracy.points.map(p => [p.x, p.value]);
    redraw();
    // go on from the last step already drawn: the stream replays only what came after it
    const last = Math.max(0, ...epochs.map(e => e.steps), ...steps.points.map(p => p.x));
    source = eventStream(`${api}/jobs/${id}/events`, last, {progress: message => {
      const e = JSON.parse(message.data);
      if (latest && e.diagnostics) latest.textContent = 'latest: ' + Object.entries(e.diagnostics)
        .map(([name, value]) => `${name} ${value.toPrecision(4)}`).join(', ');
      if (e.kind === 'epoch') {
        recorded.push({epoch: e.epoch, trainLoss: e.loss, validationLoss: e.validationLoss,
          trainAccuracy: e.trainAccuracy, validationAccuracy: e.validationAccuracy});
        showMetrics(metrics, recorded);
        loss.series[1].points.push([e.step, e.loss]);
        if (e.validationLoss !== null) loss.series[2].points.push([e.step, e.validationLoss]);
        if (e.trainAccuracy !== null) accuracy.series[0].points.push([e.epoch, e.trainAccuracy]);
        if (e.validationAccuracy !== null) accuracy.series[1].points.push([e.epoch, e.validationAccuracy]);
      } else {
        loss.series[0].points.push([e.step, e.loss]);
      }
      progress.replaceChildren(progressBar(e.fraction), ` ${Math.round(100 * e.fraction)}%, epoch ${e.epoch} of ` +
        `${e.epochs}, step ${e.step}, loss ${e.loss.toPrecision(4)}` +
        (e.samplesPerSecond ? `, ${Math.round(e.samplesPerSecond)} samples/s` : '') +
        (e.etaSeconds !== null ? ', about ' + eta(e.etaSeconds) + ' left' : ''));
      redraw();
    }, status: async message => {
      const e = JSON.parse(message.data);
      status.textContent = e.status;
      status.className = 'status status-' + e.status;
      showActions(await json(api + '/jobs/' + id));
    }, end: async () => {
      showProgress(await json(api + '/jobs/' + id));
      showMetrics(metrics, await json(api + '/jobs/' + id + '/history'));
    }});
  }

  start().catch(e => app.append(el('p', {class: 'error'}, e.message)));
  cleanup = () => source && source.close();
}

// Each recorded epoch metric's final value and its best (lowest loss or error, highest accuracy or R²), with its epoch.
const EPOCH_METRICS = {trainLoss: 'min', validationLoss: 'min', trainAccuracy: 'max', validationAccuracy: 'max',
  validationRmse: 'min', validationR2: 'max'};

function showMetrics(table, epochs) {
  const rows = Object.entries(EPOCH_METRICS).map(([name, goal]) => {
    const recorded = epochs.filter(e => e[name] !== null && e[name] !== undefined);
    if (!recorded.length) return null;
    const best = recorded.reduce((a, b) => (goal === 'min' ? b[name] < a[name] : b[name] > a[name]) ? b : a);
    return el('tr', {'data-metric': name}, el('td', {}, name),
      el('td', {}, recorded[recorded.length - 1][name].toPrecision(4)),
      el('td', {}, `${best[name].toPrecision(4)} (epoch ${best.epoch})`));
  }).filter(row => row);
  table.replaceChildren(...(rows.length ? [el('thead', {}, el('tr', {},
    ...['metric', 'final', 'best'].map(h => el('th', {}, h)))), el('tbody', {}, ...rows)] : []));
}

// --- runs compared ---------------------------------------------------------------------------------------------------

const COMPARED_METRICS = ['loss', 'train_loss', 'validation_loss', 'train_accuracy', 'validation_accuracy',
  'learning_rate', 'gradient_norm', 'validation_rmse', 'samples_per_second', 'epsilon', 'batch_size'];

/** Several runs: one metric overlaid by step or epoch (the server's plot), and the spec settings that differ. */
function showComparison(ids) {
  const metric = el('select', {id: 'compare-metric'}, ...COMPARED_METRICS.map(m => el('option', {value: m}, m)));
  const by = el('select', {id: 'compare-by'}, ...['step', 'epoch'].map(b => el('option', {value: b}, 'by ' + b)));
  const plot = el('img', {class: 'chart', id: 'compare-plot', alt: 'the runs compared', width: 820, height: 460});
  const differences = el('table', {id: 'compare-differences'});
  app.replaceChildren(el('h1', {}, `${ids.length} runs compared`), el('p', {}, metric, ' ', by), plot,
    el('h2', {}, 'Settings that differ'), differences);
  async function draw() {
    const query = `jobs=${ids.join(',')}&metric=${metric.value}&by=${by.value}`;
    try {
      const [image, comparison] = await Promise.all([call(`${api}/runs/plot.svg?${query}`).then(r => r.blob()),
        json(`${api}/runs/compare?${query}&maxPoints=10`)]);
      URL.revokeObjectURL(plot.src);
      plot.src = URL.createObjectURL(image);
      const names = Object.fromEntries(comparison.runs.map(r => [r.jobId, r.name || r.jobId.substring(0, 8)]));
      differences.replaceChildren(el('thead', {}, el('tr', {}, el('th', {}, 'setting'),
        ...ids.map(id => el('th', {}, el('a', {href: '#/jobs/' + id}, names[id] || id.substring(0, 8)))))),
      el('tbody', {}, ...comparison.differences.map(d => el('tr', {'data-path': d.path}, el('td', {}, d.path),
        ...ids.map(id => el('td', {}, d.values[id] === null || d.values[id] === undefined ? '—'
          : JSON.stringify(d.values[id])))))));
      if (!comparison.differences.length) {
        differences.append(el('tr', {}, el('td', {class: 'muted'}, 'The runs were asked to do the same.')));
      }
    } catch (e) {
      differences.replaceChildren(el('tr', {}, el('td', {class: 'error'}, e.message)));
    }
  }
  metric.addEventListener('change', draw);
  by.addEventListener('change', draw);
  draw();
}

// --- datasets --------------------------------------------------------------------------------------------------------

/** The datasets: built-in and uploaded, each previewed on request; an upload by picking or dropping a CSV file. */
function showDatasets() {
  const body = el('tbody');
  const preview = el('div', {id: 'dataset-preview'});
  const file = el('input', {type: 'file', id: 'upload-file', accept: '.csv,text/csv'});
  const label = el('input', {type: 'text', id: 'upload-label', placeholder: 'label column', required: ''});
  const name = el('input', {type: 'text', id: 'upload-name', placeholder: 'name (optional)'});
  const result = el('span', {id: 'upload-result'});
  const form = el('form', {class: 'upload', id: 'upload-form'},
    el('label', {}, 'CSV file ', file), ' ', el('label', {}, 'Label column ', label), ' ',
    el('label', {}, 'Name ', name), ' ', el('button', {type: 'submit'}, 'Upload'), ' ', result);
  const drop = el('div', {class: 'drop', id: 'upload-drop'}, 'or drop a CSV file here');
  app.replaceChildren(el('h1', {}, 'Datasets'), form, drop,
    el('table', {id: 'datasets'}, el('thead', {}, el('tr', {},
      ...['id', 'description', 'task', 'rows', 'features', ''].map(h => el('th', {}, h)))), body), preview);

  async function upload(csv) {
    const data = new FormData();
    data.append('file', csv);
    data.append('labelColumn', label.value.trim());
    if (name.value.trim()) data.append('name', name.value.trim());
    result.className = '';
    result.textContent = 'uploading…';
    try {
      const info = await (await send('POST', api + '/datasets', data)).json();
      result.textContent = `uploaded as ${info.id}: ${info.rows} rows, ${info.features} features`;
      refresh();
    } catch (e) {
      result.className = 'error';
      result.textContent = e.message;
    }
  }
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (file.files.length) upload(file.files[0]);
  });
  drop.addEventListener('dragover', event => event.preventDefault());
  drop.addEventListener('drop', event => {
    event.preventDefault();
    if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0]);
  });

  async function showPreview(id) {
    const rows = await json(`${api}/datasets/${encodeURIComponent(id)}/preview?rows=10`);
    preview.replaceChildren(el('h2', {}, 'First rows of ' + id), el('table', {id: 'preview-table'},
      el('thead', {}, el('tr', {}, ...rows.columns.map(c => el('th', {}, c)))),
      el('tbody', {}, ...rows.rows.map(row => el('tr', {}, ...row.map(v => el('td', {}, String(v))))))));
  }

  async function refresh() {
    try {
      const datasets = await json(api + '/datasets');
      body.replaceChildren(...datasets.map(d => {
        const look = el('button', {type: 'button', 'data-action': 'preview'}, 'Preview');
        look.addEventListener('click', () => showPreview(d.id).catch(e => preview.replaceChildren(
          el('p', {class: 'error'}, e.message))));
        const cells = [look];
        if (!d.builtIn) {
          const remove = el('button', {type: 'button', 'data-action': 'delete'}, 'Delete');
          remove.addEventListener('click', async () => {
            if (!confirm(`Delete the dataset ${d.id}?`)) return;
            try {
              await send('DELETE', `${api}/datasets/${encodeURIComponent(d.id)}`);
              refresh();
            } catch (e) {
              result.className = 'error';
              result.textContent = e.message;
            }
          });
          cells.push(' ', remove);
        }
        return el('tr', {'data-dataset': d.id}, el('td', {}, d.id), el('td', {}, d.description || ''),
          el('td', {}, d.task), el('td', {}, d.rows), el('td', {}, d.features), el('td', {class: 'actions'}, ...cells));
      }));
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', {colspan: 6, class: 'error'}, e.message)));
    }
  }
  refresh();
}

// --- sweeps --------------------------------------------------------------------------------------------------------

function describe(assignment) {
  return Object.entries(assignment).map(([path, value]) => `${path} ${value}`).join(', ');
}

function byStatus(counts) {
  return Object.entries(counts).map(([state, count]) => `${count} ${state.toLowerCase()}`).join(', ');
}

function showSweeps() {
  const body = el('tbody');
  app.replaceChildren(el('h1', {}, 'Sweeps'),
    el('table', {id: 'sweeps'}, el('thead', {}, el('tr', {},
      ...['name', 'status', 'method', 'trials', 'created'].map(h => el('th', {}, h)))), body));
  async function refresh() {
    try {
      const page = await json(api + '/sweeps?size=50');
      body.replaceChildren(...page.items.map(sweep => el('tr', {'data-sweep': sweep.id},
        el('td', {}, el('a', {href: '#/sweeps/' + sweep.id}, sweep.name || sweep.id.substring(0, 8))),
        el('td', {class: 'status status-' + sweep.status}, sweep.status),
        el('td', {}, sweep.method),
        el('td', {}, sweep.createdTrials + ' of ' + sweep.plannedTrials),
        el('td', {}, new Date(sweep.createdAt).toLocaleString()))));
      if (!page.items.length) body.replaceChildren(el('tr', {}, el('td', {colspan: 5, class: 'muted'},
        'No sweeps yet: POST /api/v1/sweeps (see Swagger UI).')));
    } catch (e) {
      body.replaceChildren(el('tr', {}, el('td', {colspan: 5, class: 'error'}, e.message)));
    }
  }
  refreshing(refresh, 3000);
}

/** A sweep: where it stands, the server's plot, the leaderboard, batch-size scaling and its trials, each a link. */
function showSweep(id) {
  const title = el('h1', {id: 'sweep-title'}, id);
  const summary = el('p', {id: 'sweep-summary'});
  const plot = el('img', {class: 'chart', id: 'sweep-plot', alt: 'sweep plot', width: 820, height: 480});
  const leaderboard = el('table', {id: 'leaderboard'});
  const scaling = el('div', {id: 'sweep-scaling'});
  const trials = el('table', {id: 'sweep-trials'});
  app.replaceChildren(title, summary,
    el('p', {class: 'links'}, fileLink(`${api}/sweeps/${id}/plot.svg`, 'SVG plot'),
      fileLink(`${api}/sweeps/${id}`, 'sweep JSON'), fileLink(`${api}/jobs?sweep=${id}&size=200`, 'trials JSON'),
      el('a', {href: '#/sweeps'}, 'all sweeps')),
    plot, el('h2', {}, 'Leaderboard'), leaderboard, scaling, el('h2', {}, 'Trials'), trials);
  const trialLink = (job, text) => el('a', {href: '#/jobs/' + job}, text);

  async function refresh() {
    try {
      const [sweep, page] = await Promise.all([json(`${api}/sweeps/${id}`),
        json(`${api}/jobs?sweep=${id}&size=200`)]);
      const numbers = Object.fromEntries(page.items.map(job => [job.id, job.trial.number]));
      title.textContent = sweep.name || id;
      summary.replaceChildren(el('span', {class: 'status status-' + sweep.status}, sweep.status),
        ` ${sweep.method}, ${sweep.metric} (${sweep.goal}); ${sweep.trials.created} of ${sweep.trials.planned} ` +
        `trials created: ${byStatus(sweep.trials.byStatus)}` +
        (sweep.statusReason ? '. ' + sweep.statusReason : ''));
      if (sweep.best) {
        summary.append('. Best: ', trialLink(sweep.best.jobId, 'trial ' + sweep.best.trialNumber),
          `, ${sweep.best.metric.toPrecision(4)} after ${sweep.best.epochs} epochs`);
      }
      const blob = await (await call(`${api}/sweeps/${id}/plot.svg`)).blob();
      URL.revokeObjectURL(plot.src);
      plot.src = URL.createObjectURL(blob);

      const paths = Object.keys(sweep.spec.parameters);
      leaderboard.replaceChildren(el('thead', {}, el('tr', {},
        ...['#', ...paths, 'epochs', sweep.metric, '95% interval', 'trials'].map(h => el('th', {}, h)))),
      el('tbody', {}, ...sweep.leaderboard.map(entry => el('tr', {'data-rank': entry.rank},
        el('td', {}, entry.rank),
        ...paths.map(path => el('td', {}, String(entry.parameters[path]))),
        el('td', {}, entry.epochs),
        el('td', {}, entry.mean.toPrecision(4)),
        el('td', {}, entry.low === null ? '' : `${entry.low.toPrecision(4)} to ${entry.high.toPrecision(4)}`),
        el('td', {class: 'links'}, ...entry.trialIds.map(job => trialLink(job, String(numbers[job] ?? '?'))))))));
      const fit = sweep.batchSizeScaling;
      scaling.replaceChildren(...(fit ? [el('h2', {}, 'Learning rate and batch size'),
        el('p', {id: 'sweep-power-law'}, fit.alpha === null ? 'Too few batch sizes for a power law yet.'
          : `Best rate γ* ≈ ${fit.coefficient.toPrecision(3)}·B^${fit.alpha.toFixed(2)}: α = ${fit.alpha.toFixed(2)} ` +
            '(linear scaling predicts 1, square-root scaling ½).'),
        el('p', {}, fit.best.map(p => `B ${p.batchSize}: γ* ${p.learningRate.toPrecision(3)}`).join(' · '))] : []));

      trials.replaceChildren(el('thead', {}, el('tr', {},
        ...['trial', 'status', 'progress', 'epoch', 'parameters'].map(h => el('th', {}, h)))),
      el('tbody', {}, ...page.items.slice().sort((a, b) => a.trial.number - b.trial.number).map(job =>
        el('tr', {'data-job': job.id},
          el('td', {}, trialLink(job.id, job.name || 'trial ' + job.trial.number)),
          el('td', {class: 'status status-' + job.status}, job.status),
          el('td', {}, progressBar(job.progress.fraction)),
          el('td', {}, job.progress.epoch + ' / ' + job.progress.epochs),
          el('td', {}, describe(job.trial.assignment))))));
      if (page.totalItems > page.items.length) {
        trials.append(el('caption', {class: 'muted'}, `The first ${page.items.length} of ${page.totalItems} trials.`));
      }
      return sweep.status === 'RUNNING';
    } catch (e) {
      summary.replaceChildren(el('span', {class: 'error'}, e.message));
    }
  }
  refreshing(refresh, 3000);
}

// --- a job's diagnostics (training.diagnostics): the server's plots, redrawn when an epoch ends ------------------------

const DIAGNOSTIC_CURVES = {
  coherence: ['coherence'], sharpness: ['sharpness'],
  layerStatistics: ['layer_gradient_norm', 'layer_weight_norm', 'layer_update_ratio'],
  clipping: ['clipped_fraction', 'mean_example_gradient_norm'], suboptimality: ['suboptimality'],
  adaptiveBatch: ['batch_size']};

/** Plots of each diagnostic the job records (sharpness with 2/η, per-layer ones a line per layer); null for none. */
function showDiagnostics(id, diagnostics, isPrivate) {
  const recorded = Object.keys(DIAGNOSTIC_CURVES).filter(d => diagnostics[d]).flatMap(d => DIAGNOSTIC_CURVES[d]);
  // every job records its learning rate and gradient norm, a private one the privacy it has spent
  const metrics = ['learning_rate', 'gradient_norm', ...(isPrivate ? ['epsilon'] : []), ...recorded];
  const section = document.getElementById('job-diagnostics');
  const latest = el('p', {class: 'muted', id: 'diagnostics-latest'});
  const images = metrics.map(metric => el('img', {class: 'chart', alt: metric, 'data-metric': metric,
    width: 560, height: 320}));
  const draw = () => images.forEach(async image => {
    const linear = ['sharpness', 'coherence', 'batch_size', 'learning_rate', 'epsilon'];
    const log = linear.includes(image.dataset.metric) ? 'false' : 'true';
    const blob = await (await call(`${api}/jobs/${id}/plot.svg?metrics=${image.dataset.metric}&log=${log}`)).blob();
    image.src = URL.createObjectURL(blob);
  });
  section.replaceChildren(el('h2', {}, recorded.length ? 'More curves and diagnostics' : 'More curves'), latest,
    el('p', {class: 'links'}, ...(recorded.length ? [fileLink(`${api}/jobs/${id}/history/export?format=csv&level=diagnostic`,
      'diagnostics CSV')] : [])), el('div', {class: 'charts', id: 'diagnostics-charts'}, ...images));
  draw();
  const timer = setInterval(draw, 5000);
  const previous = cleanup;
  cleanup = () => { clearInterval(timer); if (previous) previous(); };
  return latest;
}

// --- a private job's privacy report ------------------------------------------------------------------------------------

async function showPrivacy(id) {
  const report = await json(`${api}/jobs/${id}/privacy`);
  const rows = Object.entries(report).filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([name, value]) => el('tr', {}, el('td', {}, name),
      el('td', {}, typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(4) : String(value))));
  document.getElementById('job-diagnostics').before(el('section', {id: 'job-privacy'}, el('h2', {}, 'Privacy'),
    el('table', {}, el('tbody', {}, ...rows)),
    el('ul', {}, ...(report.warnings || []).map(w => el('li', {class: 'muted'}, w)))));
}

// --- a small line chart on a canvas --------------------------------------------------------------------------------

function niceTicks(min, max, count, whole) {
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = raw / magnitude >= 5 ? 5 * magnitude : raw / magnitude >= 2 ? 2 * magnitude : magnitude;
  if (whole) step = Math.max(1, Math.round(step));  // steps and epochs are counts
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function drawChart(canvas, chart) {
  const g = canvas.getContext('2d');
  const width = canvas.width, height = canvas.height;
  const left = 56, right = 16, top = 28, bottom = 56;
  g.clearRect(0, 0, width, height);
  g.fillStyle = 'white';
  g.fillRect(0, 0, width, height);
  const all = chart.series.flatMap(s => s.points).filter(p => Number.isFinite(p[1]));
  canvas.dataset.points = String(all.length);
  g.fillStyle = '#222';
  g.font = 'bold 14px sans-serif';
  g.fillText(chart.title, left, 18);
  if (!all.length) {
    g.font = '12px sans-serif';
    g.fillStyle = '#888';
    g.fillText('no data yet', width / 2 - 30, height / 2);
    return;
  }
  let xMin = Math.min(...all.map(p => p[0])), xMax = Math.max(...all.map(p => p[0]));
  let yMin = Math.min(...all.map(p => p[1])), yMax = Math.max(...all.map(p => p[1]));
  if (xMax === xMin) xMax = xMin + 1;
  if (yMax === yMin) { yMin -= 0.5; yMax += 0.5; }
  const x = v => left + (v - xMin) / (xMax - xMin) * (width - left - right);
  const y = v => height - bottom - (v - yMin) / (yMax - yMin) * (height - top - bottom);
  g.font = '11px sans-serif';
  g.strokeStyle = '#e5e5e5';
  g.fillStyle = '#444';
  for (const t of niceTicks(yMin, yMax, 5)) {
    g.beginPath(); g.moveTo(left, y(t)); g.lineTo(width - right, y(t)); g.stroke();
    g.fillText(Number(t.toPrecision(4)).toString(), 4, y(t) + 4);
  }
  for (const t of niceTicks(xMin, xMax, 6, true)) {
    g.beginPath(); g.moveTo(x(t), top); g.lineTo(x(t), height - bottom); g.stroke();
    g.fillText(Number(t.toPrecision(6)).toString(), x(t) - 10, height - bottom + 14);
  }
  g.strokeStyle = '#333';
  g.beginPath(); g.moveTo(left, top); g.lineTo(left, height - bottom); g.lineTo(width - right, height - bottom); g.stroke();
  g.fillText(chart.xLabel, (left + width - right) / 2, height - bottom + 30);
  let legendX = left;
  chart.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = s.points.filter(p => Number.isFinite(p[1])).sort((a, b) => a[0] - b[0]);
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    points.forEach((p, j) => j ? g.lineTo(x(p[0]), y(p[1])) : g.moveTo(x(p[0]), y(p[1])));
    g.stroke();
    if (points.length === 1) { g.fillStyle = color; g.fillRect(x(points[0][0]) - 2, y(points[0][1]) - 2, 4, 4); }
    g.lineWidth = 1;
    g.fillStyle = color;
    g.fillRect(legendX, height - 16, 12, 4);
    g.fillStyle = '#333';
    g.fillText(s.label, legendX + 16, height - 11);
    legendX += 22 + g.measureText(s.label).width + 12;
  });
}

window.addEventListener('hashchange', route);
route();
