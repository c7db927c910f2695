// selfeval serve: upload workbooks, follow the batch, show and offer its results.
'use strict';
(function () {
  const meta = (n) => document.querySelector('meta[name="' + n + '"]').content;
  const sid = meta('selfeval-session');
  const token = meta('selfeval-token');
  const maxFileMB = Number(meta('selfeval-max-file-mb'));
  const maxFiles = Number(meta('selfeval-max-files'));
  const $ = (id) => document.getElementById(id);

  let busy = false;
  let events = null;
  let shown = 0; // department rows shown
  let okCount = 0;
  let failCount = 0;

  // el builds an element; children are nodes or text.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  // collectDropped returns the dropped files with their folder-relative paths; folders are
  // walked (readEntries returns a folder's entries in chunks until it returns none).
  async function collectDropped(dt) {
    const entries = [];
    for (const item of dt.items) {
      const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      if (entry) entries.push(entry);
    }
    if (entries.length === 0) {
      return Array.from(dt.files, (f) => ({ file: f, path: f.name }));
    }
    const out = [];
    async function walk(entry, prefix) {
      if (entry.isFile) {
        const file = await new Promise((ok, fail) => entry.file(ok, fail));
        out.push({ file, path: prefix + entry.name });
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
          if (batch.length === 0) break;
          for (const child of batch) await walk(child, prefix + entry.name + '/');
        }
      }
    }
    for (const entry of entries) await walk(entry, '');
    return out;
  }

  function fromInput(input) {
    return Array.from(input.files, (f) => ({ file: f, path: f.webkitRelativePath || f.name }));
  }

  function resetResults() {
    shown = okCount = failCount = 0;
    $('results').tBodies[0].replaceChildren();
    $('failed').tBodies[0].replaceChildren();
    $('failed-block').hidden = true;
    $('no-results').hidden = true;
    $('batch-links').replaceChildren();
    $('download-all').hidden = true;
    $('summary').textContent = '正在处理，结果会逐个显示在下表中。';
  }

  function setBusy(b) {
    busy = b;
    document.body.classList.toggle('busy', b);
  }

  // start uploads one batch. Files over the size limit are refused here already, by name;
  // the server checks again whatever the page does.
  function start(list) {
    if (busy || list.length === 0) return;
    const refused = [];
    const form = new FormData();
    let n = 0;
    for (const { file, path } of list) {
      const isZip = /\.zip$/i.test(path);
      if (!isZip && file.size > maxFileMB * 1024 * 1024) {
        refused.push({ name: path, reason: '文件过大（单个文件上限 ' + maxFileMB + ' MB），未处理' });
        continue;
      }
      if (!isZip && n >= maxFiles) {
        refused.push({ name: path, reason: '文件过多（每批最多 ' + maxFiles + ' 个），未处理' });
        continue;
      }
      form.append('path', path);
      form.append('file', file, file.name);
      n++;
    }
    resetResults();
    $('progress-card').hidden = false;
    $('results-card').hidden = false;
    refused.forEach(addRefusal);
    if (n === 0) {
      $('bar').value = 0;
      $('progress-text').textContent = '没有可上传的文件。';
      finishSummary({ error: '' });
      return;
    }
    setBusy(true);
    const bar = $('bar');
    bar.max = 1;
    bar.value = 0;
    $('progress-text').textContent = '正在上传 ' + n + ' 个文件……';
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/' + sid + '/batch');
    xhr.setRequestHeader('X-Selfeval-Token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        bar.value = e.loaded / e.total;
        $('progress-text').textContent = '正在上传：' + Math.round(100 * e.loaded / e.total) + '%';
      }
    };
    xhr.onload = () => {
      if (xhr.status !== 202) {
        fail(xhr.responseText || ('上传失败（' + xhr.status + '）'));
        return;
      }
      const resp = JSON.parse(xhr.responseText);
      follow(resp.events);
    };
    xhr.onerror = () => fail('上传失败：与本机服务的连接中断。请确认 selfeval 仍在运行，然后刷新页面。');
    xhr.send(form);
  }

  function fail(msg) {
    setBusy(false);
    $('progress-text').textContent = '';
    $('progress-text').append(el('span', { class: 'error', text: msg.trim() }));
    $('summary').textContent = '';
  }

  // follow reads the batch's server-sent events until it ends.
  function follow(url) {
    const bar = $('bar');
    bar.removeAttribute('value'); // indeterminate until the first file is done
    $('progress-text').textContent = '正在评价……';
    if (events) events.close();
    events = new EventSource(url);
    events.addEventListener('start', (e) => {
      JSON.parse(e.data).refused.forEach(addRefusal);
    });
    events.addEventListener('result', (e) => {
      const d = JSON.parse(e.data);
      bar.max = d.total;
      bar.value = d.done;
      $('progress-text').textContent = '已完成 ' + d.done + ' / ' + d.total + ' 个文件';
      addResult(d.result);
    });
    events.addEventListener('end', (e) => {
      events.close();
      events = null;
      const st = JSON.parse(e.data);
      bar.max = 1;
      bar.value = 1;
      $('progress-text').textContent = st.total > 0 ? '处理完成：共 ' + st.total + ' 个文件。' : '处理完成。';
      finishSummary(st);
      setBusy(false);
    });
    events.onerror = () => {
      if (events && events.readyState === EventSource.CLOSED) fail('与本机服务的连接中断。请确认 selfeval 仍在运行，然后刷新页面。');
    };
  }

  function fileLinks(files) {
    const td = el('td', { class: 'files' });
    for (const f of files) {
      const a = el('a', { href: f.url, text: f.label });
      if (f.inline) a.target = '_blank';
      else a.setAttribute('download', '');
      td.append(a);
    }
    return td;
  }

  // countCell is a count that opens the list of its findings under the row.
  function countCell(list, kind, row, colspan) {
    const td = el('td');
    if (list.length === 0) {
      td.append(el('span', { class: 'count zero', text: '0' }));
      return td;
    }
    const b = el('button', { type: 'button', class: 'count ' + kind, text: list.length + ' 条', 'aria-expanded': 'false' });
    let detail = null;
    b.addEventListener('click', () => {
      if (detail) {
        detail.remove();
        detail = null;
        b.setAttribute('aria-expanded', 'false');
        return;
      }
      const ul = el('ul');
      for (const f of list) {
        const li = el('li', {}, f.message);
        if (f.cells && f.cells.length) li.append(' ', el('span', { class: 'cells', text: '（' + f.cells.join('、') + '）' }));
        ul.append(li);
      }
      const title = kind === 'audit' ? '审核发现' : '警告';
      detail = el('tr', { class: 'detail' }, el('td', { colspan: String(colspan) }, el('strong', { text: title + '：' }), ul));
      row.after(detail);
      b.setAttribute('aria-expanded', 'true');
    });
    td.append(b);
    return td;
  }

  function addResult(r) {
    if (r.department) {
      shown++;
      const tr = el('tr');
      tr.append(
        el('td', { class: 'num', text: String(shown) }),
        el('td', { class: 'dept', text: r.department }),
        el('td', { class: 'num', text: String(r.year || '') }),
        el('td', { class: 'num total', text: r.total }),
        el('td', {}, el('span', { class: 'grade grade-' + r.grade, text: r.grade })),
      );
      tr.append(countCell(r.warnings, 'warn', tr, 8), countCell(r.audit, 'audit', tr, 8), fileLinks(r.files));
      $('results').tBodies[0].append(tr);
    }
    if (r.ok) okCount++;
    else {
      failCount++;
      addFailure(r.source, r.error);
    }
  }

  function addFailure(name, reason) {
    $('failed-block').hidden = false;
    $('failed').tBodies[0].append(el('tr', {}, el('td', { text: name }), el('td', { text: reason })));
  }

  function addRefusal(r) {
    failCount++;
    addFailure(r.name, r.reason);
  }

  function finishSummary(st) {
    const s = $('summary');
    s.textContent = '成功 ' + okCount + ' 个，失败 ' + failCount + ' 个。';
    if (st.error) s.append(' ', el('span', { class: 'bad', text: st.error }));
    $('no-results').hidden = shown > 0;
    const links = $('batch-links');
    links.replaceChildren();
    for (const f of st.batch_files || []) {
      const a = el('a', { href: f.url, text: f.name });
      if (f.inline) a.target = '_blank';
      else a.setAttribute('download', '');
      links.append(a);
    }
    if (st.all_url) {
      $('download-all').href = st.all_url;
      $('download-all').hidden = false;
    }
  }

  // Upload by picking or dropping.
  for (const id of ['pick-files', 'pick-folder']) {
    $(id).addEventListener('change', (e) => {
      start(fromInput(e.target));
      e.target.value = '';
    });
  }
  const drop = $('drop');
  ['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, () => drop.classList.remove('over')));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    if (busy) return;
    start(await collectDropped(e.dataTransfer));
  });
  // A file dropped beside the zone must not make the browser leave the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  // The blank template for a year: the year being evaluated (last year until mid-year).
  const year = $('template-year');
  if (year) {
    const now = new Date();
    year.value = String(now.getFullYear() - (now.getMonth() < 6 ? 1 : 0));
    const update = () => { $('template-link').href = '/template?year=' + encodeURIComponent(year.value); };
    year.addEventListener('input', update);
    update();
  }

  // Ending the session deletes its files on the computer; closing the page does too.
  $('end').addEventListener('click', async () => {
    await fetch('/api/' + sid + '/end', { method: 'POST', headers: { 'X-Selfeval-Token': token } });
    location.reload();
  });
  window.addEventListener('pagehide', () => navigator.sendBeacon('/api/' + sid + '/end', token));
})();
