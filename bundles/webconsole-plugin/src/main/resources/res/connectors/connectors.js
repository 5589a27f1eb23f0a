/*
 * The Connectors page. Everything shown comes from the plugin's JSON and is put into the DOM as text (textContent,
 * never innerHTML): connector metadata is untrusted. State-changing requests carry the page's CSRF token.
 */
(function () {
    'use strict';

    var root = document.getElementById('sb-console');
    // absolute, from the origin: a page opened as http://user:pass@host/... must not resolve requests against its
    // own URL (fetch refuses URLs with credentials)
    var base = window.location.origin + root.getAttribute('data-root');
    var token = root.getAttribute('data-token');
    var POLL_MS = 2000;
    var seen = null;          // last {revision, deployments, subscriptions} seen
    var current = null;       // connector id shown in detail, or null
    var detailRevision = null;
    var MASK = '********';    // what the host shows, and keeps the stored value for, in place of a secret

    /* ---- DOM helpers: strings always become text nodes -------------------------------------------------------- */
    function el(tag, attrs) {
        var node = document.createElement(tag);
        if (attrs) {
            Object.keys(attrs).forEach(function (k) {
                if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) { return; }
                if (k === 'text') { node.textContent = String(attrs[k]); }
                else if (k === 'className') { node.className = attrs[k]; }
                else if (k === 'onclick' || k === 'onchange') { node[k] = attrs[k]; }
                else { node.setAttribute(k, attrs[k] === true ? '' : String(attrs[k])); }
            });
        }
        for (var i = 2; i < arguments.length; i++) { append(node, arguments[i]); }
        return node;
    }
    function append(node, child) {
        if (child === null || child === undefined) { return; }
        if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
        node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
    function byId(id) { return document.getElementById(id); }
    function state(s) { return el('span', {className: 'sb-state sb-state-' + s, text: s}); }
    function bundleText(b) { return b ? b.symbolicName + ' ' + b.version + ' [' + b.id + ']' : ''; }
    // one line, cut with an ellipsis by the CSS when narrow (a timestamped SNAPSHOT version is long); the whole on hover
    /* a connector the host generated from an OpenAPI document in the deploy folder (bundle dev.switchboard.openapi.*):
       marked as such, with a link to the document on the OpenAPI documents page */
    function openApiMark(b) {
        if (!b || !b.symbolicName || b.symbolicName.indexOf('dev.switchboard.openapi.') !== 0) { return null; }
        var file = String(b.location || '').split('/').pop();
        try { file = decodeURIComponent(file); } catch (e) { /* keep it as it is */ }
        return el('a', {className: 'sb-openapi', href: 'openapi' + (file ? '?file=' + encodeURIComponent(file) : ''),
            title: 'Generated from the OpenAPI document ' + file, text: 'OpenAPI document'});
    }
    function bundleCell(b) { return el('td', {className: 'sb-bundle', title: bundleText(b) || null, text: bundleText(b)}); }
    function table(headers, rows) {
        return el('table', {className: 'nicetable sb-table'},
            el('thead', null, el('tr', null, headers.map(function (h) { return el('th', {text: h}); }))),
            el('tbody', null, rows));
    }

    /* ---- HTTP ------------------------------------------------------------------------------------------------- */
    function getJson(path) {
        return fetch(base + path, {credentials: 'same-origin', cache: 'no-store'}).then(function (r) {
            return r.json().then(function (body) { return {status: r.status, body: body}; });
        });
    }
    function post(path, body, json) {
        var headers = {'X-Switchboard-Token': token};
        if (json) { headers['Content-Type'] = 'application/json'; }
        return fetch(base + path, {method: 'POST', credentials: 'same-origin', headers: headers,
            body: json ? JSON.stringify(body) : body}).then(function (r) {
            return r.json().then(function (b) { return {status: r.status, body: b}; },
                function () { return {status: r.status, body: {error: {message: 'HTTP ' + r.status}}}; });
        });
    }
    function errorText(answer) {
        var e = answer.body && answer.body.error;
        return e ? (e.status || answer.status) + ' ' + (e.code || '') + ': ' + e.message : 'HTTP ' + answer.status;
    }

    /* ---- overview --------------------------------------------------------------------------------------------- */
    function renderOverview(data) {
        var body = clear(byId('sb-connectors').tBodies[0]);
        data.connectors.forEach(function (c) {
            body.appendChild(el('tr', {'data-connector': c.id, 'data-version': c.version},
                el('td', null, el('a', {href: '#connector=' + encodeURIComponent(c.id), className: 'sb-open',
                    text: c.displayName}), el('div', {className: 'sb-muted', text: c.id}), openApiMark(c.bundle)),
                el('td', {text: c.version}),
                el('td', null, state(c.state)),
                el('td', {text: c.operationCount}),
                el('td', {text: c.capabilities.join(', ')}),
                bundleCell(c.bundle),
                el('td', null, el('div', {className: 'sb-description', text: c.description || ''}),
                    c.reason ? el('div', {className: 'sb-reason', text: c.reason}) : null),
                el('td', {className: 'sb-charts'})));
        });
        drawCharts();
        byId('sb-no-connectors').hidden = data.connectors.length > 0;
        byId('sb-folder').textContent = data.deployFolder;

        var files = clear(byId('sb-deployments').tBodies[0]);
        data.deployments.forEach(function (d) {
            files.appendChild(el('tr', {'data-file': d.file},
                el('td', {text: d.file}),
                el('td', null, state(d.state)),
                d.pid ? el('td', {className: 'sb-bundle', title: 'PID ' + d.pid, text: 'PID ' + d.pid})
                      : bundleCell(d.bundle),
                el('td', {text: d.connectors.join(', ')}),
                el('td', {className: 'sb-reason', text: d.reason || ''}),
                el('td', null, el('button', {type: 'button', className: 'ui-button sb-remove', text: 'Remove',
                    onclick: function () { removeFile(d.file); }}))));
        });
        byId('sb-no-deployments').hidden = data.deployments.length > 0;

        // "3 / 1000 batches, 12.0 KiB / 16.0 MiB": what a subscription holds in the store against its bounds
        function bytes(n) {
            return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB'
                : (n / 1048576).toFixed(1) + ' MiB';
        }
        function pendingText(s) {
            if (s.maxPendingBatches === undefined) {
                return String(s.pending);
            }
            return s.pending + ' / ' + s.maxPendingBatches + ' batches, ' + bytes(s.pendingBytes) + ' / '
                + bytes(s.maxPendingBytes) + (s.full ? ' (full)' : '');
        }
        var subs = clear(byId('sb-subscriptions').tBodies[0]);
        var list = data.subscriptionList || [];
        list.forEach(function (s) {
            subs.appendChild(el('tr', {'data-subscription': s.id},
                el('td', {text: s.id}),
                el('td', {text: s.connector + (s.version ? '@' + s.version : '')}),
                el('td', {text: s.operation}),
                el('td', {text: s.target}),
                el('td', null, state(s.state)),
                el('td', {className: 'sb-reason', text: s.reason || ''}),
                el('td', {className: s.full ? 'sb-reason' : '', text: pendingText(s)}),
                el('td', {text: s.delivered}),
                el('td', {text: s.deadLettered}),
                el('td', {text: s.refused === undefined ? '' : s.refused})));
        });
        byId('sb-no-subscriptions').hidden = list.length > 0;
        byId('sb-no-subscriptions').textContent = data.triggers ? 'No subscription.'
            : 'Triggers are not installed.';
        byId('sb-live').textContent = 'Catalog revision ' + data.revision + ' · ' + data.connectors.length
            + ' connector version(s) · updates itself';
    }

    function refresh(force) {
        return getJson('/revision.json').then(function (r) {
            var rev = r.body;
            var changed = !seen || seen.revision !== rev.revision || seen.deployments !== rev.deployments
                || seen.subscriptions !== rev.subscriptions;
            if (!changed && !force) { return; }
            seen = rev;
            var done = getJson('/overview.json').then(function (o) { renderOverview(o.body); });
            if (current && detailRevision !== rev.revision) { showDetail(current, false); }
            return done;
        }).catch(function (e) { byId('sb-live').textContent = 'Not updating: ' + e; });
    }

    /* ---- charts: calls/s, error rate and p99 per connector version, from /metrics.json ------------------------ */
    var CHARTS_MS = 10000;
    var charts = null;        // last /metrics.json
    var SVG = 'http://www.w3.org/2000/svg';
    function svg(tag, attrs) {
        var node = document.createElementNS(SVG, tag);
        Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        return node;
    }
    // one sparkline: the values as a polyline (null: no calls, a gap), scaled to the largest; its last value beside it
    function sparkline(name, values, text) {
        var w = 90, h = 18, max = 0;
        values.forEach(function (v) { if (v !== null && v > max) { max = v; } });
        var chart = svg('svg', {width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, 'class': 'sb-spark',
            'data-chart': name, role: 'img'});
        var title = svg('title', {});
        title.textContent = name + ', last 15 minutes: ' + text;
        chart.appendChild(title);
        var step = values.length > 1 ? w / (values.length - 1) : w;
        var points = [];
        function flush() {
            if (points.length) {
                chart.appendChild(svg('polyline', {points: points.join(' '), fill: 'none', 'stroke-width': 1.2}));
            }
            points = [];
        }
        values.forEach(function (v, i) {
            if (v === null) { flush(); return; }
            var y = max > 0 ? h - 1 - (v / max) * (h - 2) : h - 1;
            points.push((i * step).toFixed(1) + ',' + y.toFixed(1));
        });
        flush();
        return el('div', {className: 'sb-spark-row'}, chart, el('span', {className: 'sb-muted', text: text}));
    }
    function last(values) {
        for (var i = values.length - 1; i >= 0; i--) { if (values[i] !== null) { return values[i]; } }
        return null;
    }
    function drawCharts() {
        if (!charts) { return; }
        var rows = byId('sb-connectors').tBodies[0].rows;
        for (var r = 0; r < rows.length; r++) {
            var row = rows[r];
            var cell = row.querySelector('td.sb-charts');
            if (!cell) { continue; }
            clear(cell);
            var s = charts.series.filter(function (x) {
                return x.connector === row.getAttribute('data-connector')
                    && x.version === row.getAttribute('data-version');
            })[0];
            if (!s) {
                cell.appendChild(el('span', {className: 'sb-muted', text: charts.metrics ? 'no calls' : ''}));
                continue;
            }
            // the bucket in progress is partial: its rate would dip, so the lines end with the last whole bucket
            var whole = function (a) { return a.slice(0, a.length - 1); };
            var rate = last(whole(s.callsPerSecond));
            var err = last(whole(s.errorRate.map(function (v, i) { return s.calls[i] ? v : null; })));
            var p99 = last(s.p99Ms);
            append(cell, [
                sparkline('calls/s', whole(s.callsPerSecond), (rate === null ? 0 : rate) + ' calls/s · '
                    + s.totalCalls + ' calls'),
                sparkline('error rate', whole(s.errorRate.map(function (v, i) { return s.calls[i] ? v : null; })),
                    (err === null ? 0 : (err * 100).toFixed(1)) + ' % errors'),
                sparkline('p99', whole(s.p99Ms), 'p99 ' + (p99 === null ? '–' : p99 + ' ms'))]);
        }
    }
    function refreshCharts() {
        return getJson('/metrics.json').then(function (a) {
            if (a.status === 200) { charts = a.body; drawCharts(); }
        }).catch(function () { /* the overview says when the host does not answer */ });
    }

    /* ---- actions ---------------------------------------------------------------------------------------------- */
    function removeFile(file) {
        if (!window.confirm('Remove ' + file + ' from the deploy folder? Its connectors are uninstalled.')) { return; }
        post('/remove', {file: file}, true).then(function (a) {
            byId('sb-upload-status').textContent = a.status === 200 ? 'Removed ' + file : errorText(a);
            refresh(true);
        });
    }

    byId('sb-upload-form').addEventListener('submit', function (event) {
        event.preventDefault();
        var input = byId('sb-upload-file');
        var status = byId('sb-upload-status');
        if (!input.files.length) { status.textContent = 'Choose a jar first'; return; }
        var form = new FormData();
        form.append('file', input.files[0], input.files[0].name);
        status.textContent = 'Uploading…';
        post('/upload', form, false).then(function (a) {
            status.textContent = a.status === 200
                ? (a.body.replaced ? 'Replaced ' : 'Uploaded ') + a.body.file + '; the host picks it up in a moment'
                : errorText(a);
            input.value = '';
            refresh(true);
        });
    });

    /* ---- connector detail ------------------------------------------------------------------------------------- */
    function schemaTable(rows) {
        if (!rows.length) { return el('p', {className: 'sb-muted', text: 'No properties declared.'}); }
        return table(['Property', 'Type', 'Required', 'Description', 'Constraints'], rows.map(function (r) {
            return el('tr', null, el('td', null, el('code', {text: r.name})), el('td', {text: r.type}),
                el('td', null, r.required ? el('span', {className: 'sb-required', text: 'required'}) : null),
                el('td', {text: r.description}), el('td', {text: r.constraints}));
        }));
    }

    function versionPanel(v, rollbackTarget) {
        var s = v.service;
        return el('div', {className: 'sb-version', 'data-version': v.version},
            el('h3', null, 'Version ' + v.version + ' ', state(v.state)),
            v.reason ? el('p', {className: 'sb-reason', text: v.reason}) : null,
            table(['', ''], [
                el('tr', null, el('th', {text: 'Name'}), el('td', {text: s.name || ''})),
                el('tr', null, el('th', {text: 'Service id'}), el('td', {text: s.id || ''})),
                el('tr', null, el('th', {text: 'Display name'}), el('td', {text: s.displayName || ''})),
                el('tr', null, el('th', {text: 'Capabilities'}), el('td', {text: (s.capabilities || []).join(', ')})),
                el('tr', null, el('th', {text: 'Brand color'}), el('td', {text: s.brandColor || ''})),
                el('tr', null, el('th', {text: 'Bundle'}), el('td', {text: bundleText(v.bundle)})),
                openApiMark(v.bundle) ? el('tr', null, el('th', {text: 'Source'}), el('td', null, openApiMark(v.bundle))) : null]),
            el('h4', {text: 'Connection parameters'}),
            v.connectionParameters.length ? table(['Name', 'Type', 'Display name', 'Description'],
                v.connectionParameters.map(function (p) {
                    return el('tr', null,
                        el('td', null, el('code', {text: p.name}),
                            p.required ? el('span', {className: 'sb-required', text: ' *'}) : null),
                        el('td', null, p.type + ' ', p.secure ? el('span', {className: 'sb-secure', text: 'secure'}) : null),
                        el('td', {text: p.displayName || ''}), el('td', {text: p.description || ''}));
                })) : el('p', {className: 'sb-muted', text: 'None.'}),
            el('h4', {text: 'Operations (' + v.operations.length + ')'}),
            v.operations.map(function (op) {
                return el('div', {className: 'sb-op', 'data-operation': op.name},
                    el('strong', null, el('code', {text: op.name})), ' ', op.summary || '',
                    op.trigger ? el('span', {className: 'sb-muted', text: ' (trigger: ' + op.trigger + ')'}) : null,
                    op.description ? el('div', {className: 'sb-muted', text: op.description}) : null,
                    el('details', null, el('summary', {text: 'Inputs and outputs'}),
                        el('h4', {text: 'Inputs'}), schemaTable(op.inputs),
                        el('h4', {text: 'Outputs'}), schemaTable(op.outputs)));
            }),
            // a rollback acts on the file of the highest ACTIVE version: the button is on that version only
            rollbackTarget ? el('p', null, el('button', {type: 'button', className: 'ui-button sb-rollback',
                title: 'Put back the previous content of this version\'s deploy-folder file', text: 'Roll back',
                onclick: function () { rollback(current, v.version); }})) : null);
    }

    /* Where calls without a version go (PUT /api/connectors/{id}/traffic), what the guard sees, and its rollback. */
    function trafficPanel(t) {
        if (!t) { return null; }
        /* the REST API's JSON (weights: {version: weight}, newest first; rollbackOn: the guard's settings) */
        var weights = Object.keys(t.weights).map(function (v) { return {version: v, weight: t.weights[v]}; });
        var total = weights.reduce(function (sum, w) { return sum + w.weight; }, 0);
        return el('div', {className: 'sb-traffic', id: 'sb-traffic'},
            el('h3', {text: 'Traffic'}),
            t.rolledBack ? el('p', {className: 'sb-reason sb-rolled-back',
                text: 'Rolled back automatically from ' + t.rolledBack.from + ' to ' + t.rolledBack.to + ' at '
                    + t.rolledBack.at + ': ' + t.rolledBack.reason}) : null,
            table(['Version', 'Weight', 'Share'], weights.map(function (w) {
                return el('tr', {'data-version': w.version}, el('td', {text: w.version}), el('td', {text: w.weight}),
                    el('td', {text: total > 0 ? Math.round(1000 * w.weight / total) / 10 + ' %' : ''}));
            })),
            el('p', {className: 'sb-muted', text: (t.sticky ? 'Sticky per named connection. ' : '')
                + 'Calls with a version are not moved.'}),
            t.guard && t.rollbackOn ? el('p', {className: 'sb-guard', text: 'Guard: back to ' + t.guard.previousVersion
                + ' when more than ' + Math.round(t.rollbackOn.errorRate * 1000) / 10 + ' % of at least '
                + t.rollbackOn.minCalls + ' calls to ' + t.guard.version + ' within ' + t.rollbackOn.window
                + ' fail; now ' + t.guard.windowCalls + ' calls, '
                + t.guard.windowFailures + ' failed.'}) : null);
    }

    function rollback(id, version) {
        var status = byId('sb-rollback-status');
        status.textContent = 'Rolling back ' + id + ' ' + version + '…';
        post('/rollback', {id: id}, true).then(function (a) {
            status.textContent = a.status === 200
                ? 'Rolled back: ' + a.body.version + ' is active now (was ' + a.body.previousVersion + ', file '
                    + a.body.file + ')'
                : 'Not rolled back: ' + errorText(a);
            refresh(true);
            if (current === id) { showDetail(id, true); }
        });
    }

    function showDetail(id, rebuildTryIt) {
        return getJson('/connector.json?id=' + encodeURIComponent(id)).then(function (a) {
            if (current !== id) { return; }
            if (a.status !== 200) {
                byId('sb-detail-title').textContent = id;
                byId('sb-detail-description').textContent = errorText(a);
                clear(byId('sb-detail-info'));
                return;
            }
            var data = a.body;
            detailRevision = data.revision;
            var top = data.versions[0];
            var highestActive = data.versions.filter(function (v) { return v.state === 'ACTIVE'; })[0];
            byId('sb-detail-title').textContent = (top.service.displayName || id) + ' (' + id + ')';
            byId('sb-detail-description').textContent = top.service.description || '';
            append(clear(byId('sb-detail-info')),
                [trafficPanel(data.traffic),
                 el('h3', {text: 'Versions side by side'}),
                 el('div', {className: 'sb-versions'}, data.versions.map(function (v) {
                     return versionPanel(v, v === highestActive);
                 }))]);
            if (rebuildTryIt) { loadConnections(data); }
        });
    }

    /* ---- Try it ----------------------------------------------------------------------------------------------- */
    function buildTryIt(data, named) {
        var panel = clear(byId('sb-try'));
        var versions = data.versions.filter(function (v) { return v.state === 'ACTIVE'; });
        if (!versions.length) {
            panel.appendChild(el('p', {className: 'sb-muted', text: 'No ACTIVE version to run.'}));
            return;
        }
        var versionSelect = el('select', {id: 'sb-try-version'}, versions.map(function (v) {
            return el('option', {value: v.version, text: v.version});
        }));
        var operationSelect = el('select', {id: 'sb-try-operation'});
        var connectionName = el('select', {id: 'sb-try-connection-name'},
            el('option', {value: '', text: 'Values given below'}),
            named.map(function (c) {
                return el('option', {value: c.name, text: c.name + (c.problem ? ' (cannot be used: ' + c.problem + ')' : '')});
            }));
        var connection = el('div', {id: 'sb-try-connection'});
        var parameters = el('textarea', {id: 'sb-try-parameters', spellcheck: 'false'});
        var result = el('div', {id: 'sb-try-result', className: 'sb-result'});

        function selectedVersion() {
            return versions.filter(function (v) { return v.version === versionSelect.value; })[0];
        }
        function fillOperations() {
            var v = selectedVersion();
            clear(operationSelect);
            v.operations.filter(function (op) { return !op.trigger; }).forEach(function (op) {
                operationSelect.appendChild(el('option', {value: op.name, text: op.name + (op.summary ? ' — ' + op.summary : '')}));
            });
            clear(connection);
            v.connectionParameters.forEach(function (p) {
                connection.appendChild(el('div', {className: 'sb-row'},
                    el('label', null, (p.displayName || p.name) + ' ', el('code', {text: p.name}),
                        p.required ? el('span', {className: 'sb-required', text: ' *'}) : null),
                    el('input', {type: p.secure ? 'password' : 'text', 'data-connection': p.name,
                        'data-type': p.type, autocomplete: 'off'})));
            });
            fillTemplate();
        }
        function fillTemplate() {
            var op = selectedVersion().operations.filter(function (o) { return o.name === operationSelect.value; })[0];
            parameters.value = JSON.stringify(op ? op.template : {}, null, 2);
            clear(result);
        }
        versionSelect.onchange = fillOperations;
        connectionName.onchange = function () { connection.hidden = connectionName.value !== ''; };
        operationSelect.onchange = fillTemplate;

        var run = el('button', {type: 'button', id: 'sb-try-run', className: 'ui-button', text: 'Run'});
        run.onclick = function () {
            var params;
            try { params = JSON.parse(parameters.value || '{}'); }
            catch (e) { showResult(result, null, 'The parameters are not valid JSON: ' + e.message); return; }
            var values = {};
            Array.prototype.forEach.call(connection.querySelectorAll('input[data-connection]'), function (i) {
                if (i.value === '') { return; }
                var t = i.getAttribute('data-type');
                values[i.getAttribute('data-connection')] = t === 'int' ? Number(i.value)
                    : t === 'bool' ? i.value === 'true' : i.value;
            });
            clear(result).appendChild(el('p', {className: 'sb-muted', text: 'Running…'}));
            var call = {connector: data.id, version: versionSelect.value, operation: operationSelect.value,
                parameters: params};
            if (connectionName.value) { call.connectionName = connectionName.value; } else { call.connection = values; }
            post('/invoke', call, true).then(function (a) {
                showResult(result, a, null);
            });
        };

        append(panel, [
            el('div', {className: 'sb-row'}, el('label', {text: 'Version'}), versionSelect),
            el('div', {className: 'sb-row'}, el('label', {text: 'Operation'}), operationSelect),
            el('h4', {text: 'Connection'}),
            el('div', {className: 'sb-row'}, el('label', {text: 'Named connection'}), connectionName), connection,
            el('h4', {text: 'Parameters (JSON)'}), parameters,
            el('p', null, run), result]);
        fillOperations();
    }

    /* ---- named connections ------------------------------------------------------------------------------------ */
    /** Rebuilds Try it and the connections panel; {@code message} is shown in the panel's status line. */
    function loadConnections(data, message) {
        return getJson('/connections.json?connector=' + encodeURIComponent(data.id)).then(function (a) {
            if (current !== data.id) { return; }
            var named = a.status === 200 ? a.body.connections : [];
            buildTryIt(data, named);
            buildConnections(data, named, a.status === 200 ? message : errorText(a));
        });
    }

    function buildConnections(data, named, message) {
        var panel = clear(byId('sb-connections'));
        var declaring = data.versions.filter(function (v) { return v.state === 'ACTIVE'; })[0];
        var status = el('p', {id: 'sb-connection-status', role: 'status'});
        if (message) { status.textContent = message; }
        panel.appendChild(named.length ? table(['Name', 'Parameters', 'Problem', ''], named.map(function (c) {
            return el('tr', {'data-connection-name': c.name},
                el('td', null, el('code', {text: c.name}), c.file ? el('div', {className: 'sb-muted', text: c.file}) : null),
                el('td', {text: Object.keys(c.parameters).map(function (k) { return k + ' = ' + c.parameters[k]; }).join(', ')}),
                el('td', {className: 'sb-reason', text: c.problem || ''}),
                el('td', null,
                    el('button', {type: 'button', className: 'ui-button sb-connection-edit', text: 'Edit',
                        onclick: function () { fillForm(c); }}),
                    el('button', {type: 'button', className: 'ui-button sb-connection-delete', text: 'Delete',
                        onclick: function () { deleteConnection(data, c.name); }})));
        })) : el('p', {className: 'sb-muted', text: 'No named connection for this connector.'}));
        if (!declaring) {
            panel.appendChild(el('p', {className: 'sb-muted', text: 'No ACTIVE version: connections cannot be saved.'}));
            panel.appendChild(status);
            return;
        }

        // secrets are write-only: their fields start empty, and an empty one on a stored connection keeps the value
        var editing = null;
        var nameInput = el('input', {type: 'text', id: 'sb-connection-name', autocomplete: 'off'});
        var fields = el('div', {id: 'sb-connection-fields'});
        declaring.connectionParameters.forEach(function (p) {
            fields.appendChild(el('div', {className: 'sb-row'},
                el('label', null, (p.displayName || p.name) + ' ', el('code', {text: p.name}),
                    p.required ? el('span', {className: 'sb-required', text: ' *'}) : null),
                el('input', {type: p.secure ? 'password' : 'text', 'data-connection-field': p.name,
                    'data-secure': p.secure ? 'true' : null, autocomplete: p.secure ? 'new-password' : 'off'}),
                el('span', {className: 'sb-field-error', 'data-error-for': p.name})));
        });
        function inputs() { return Array.prototype.slice.call(fields.querySelectorAll('input[data-connection-field]')); }
        function fillForm(c) {
            editing = c;
            nameInput.value = c ? c.name : '';
            clearErrors();
            inputs().forEach(function (i) {
                var key = i.getAttribute('data-connection-field');
                var stored = c && Object.prototype.hasOwnProperty.call(c.parameters, key);
                var secret = i.getAttribute('data-secure') || (stored && c.parameters[key] === MASK);
                i.value = stored && !secret ? c.parameters[key] : '';
                i.placeholder = stored && secret ? 'stored; leave empty to keep it' : '';
                i.setAttribute('data-stored', stored && secret ? 'true' : 'false');
            });
        }
        function clearErrors() {
            Array.prototype.forEach.call(fields.querySelectorAll('[data-error-for]'), function (e) { e.textContent = ''; });
        }
        var save = el('button', {type: 'button', id: 'sb-connection-save', className: 'ui-button', text: 'Save'});
        save.onclick = function () {
            clearErrors();
            status.textContent = 'Saving…';
            var parameters = {};
            inputs().forEach(function (i) {
                var key = i.getAttribute('data-connection-field');
                if (i.value !== '') { parameters[key] = i.value; }
                else if (i.getAttribute('data-stored') === 'true' && editing && editing.name === nameInput.value) {
                    parameters[key] = MASK;
                }
            });
            post('/connections/save', {name: nameInput.value, connector: data.id, parameters: parameters}, true)
                .then(function (a) {
                    if (a.status === 200) {
                        inputs().forEach(function (i) { i.value = ''; });
                        loadConnections(data, 'Saved ' + a.body.name);
                        return;
                    }
                    status.textContent = errorText(a);
                    ((a.body.error && a.body.error.details) || []).forEach(function (d) {
                        var target = fields.querySelector('[data-error-for="' + CSS.escape(d.target) + '"]');
                        if (target) { target.textContent = d.message; }
                        else { status.appendChild(el('div', {className: 'sb-reason', text: d.target + ': ' + d.message})); }
                    });
                });
        };
        append(panel, [el('h4', {text: 'New or edit'}),
            el('div', {className: 'sb-row'}, el('label', {text: 'Name'}), nameInput), fields,
            el('p', null, save, ' ', el('button', {type: 'button', className: 'ui-button', text: 'Clear',
                onclick: function () { fillForm(null); }})), status]);
        fillForm(null);
    }

    function deleteConnection(data, name) {
        if (!window.confirm('Delete connection ' + name + '?')) { return; }
        post('/connections/delete', {name: name}, true).then(function (a) {
            loadConnections(data, a.status === 200 ? 'Deleted ' + name : errorText(a));
        });
    }

    function showResult(target, answer, localError) {
        clear(target);
        if (localError) { target.appendChild(el('p', {className: 'sb-error sb-status', text: localError})); return; }
        var b = answer.body;
        if (answer.status !== 200 || !b.ok) {
            var e = b.error || {};
            append(target, [
                el('p', {className: 'sb-error sb-status', text: (e.status || answer.status) + ' ' + (e.code || '')}),
                el('p', {className: 'sb-error-message', text: e.message || ''}),
                e.details && e.details.length ? table(['Field', 'Problem'], e.details.map(function (d) {
                    return el('tr', {className: 'sb-detail-row'}, el('td', null, el('code', {text: d.target})),
                        el('td', {text: d.message}));
                })) : null]);
            return;
        }
        var headers = Object.keys(b.headers || {});
        append(target, [
            el('p', {className: 'sb-ok sb-status', text: String(b.statusCode)}),
            headers.length ? table(['Header', 'Value'], headers.map(function (h) {
                return el('tr', null, el('td', {text: h}), el('td', {text: b.headers[h]}));
            })) : el('p', {className: 'sb-muted', text: 'No headers.'}),
            el('pre', {className: 'sb-body', text: JSON.stringify(b.body, null, 2)})]);
    }

    /* ---- recent log lines of the connector shown, from /logs.json (newest first) ------------------------------- */
    function showLogs() {
        if (!current) { return; }
        var id = current;
        var level = byId('sb-logs-level').value;
        getJson('/logs.json?id=' + encodeURIComponent(id) + (level ? '&level=' + level : '')).then(function (a) {
            if (current !== id) { return; }
            var panel = clear(byId('sb-logs'));
            if (a.status !== 200) { panel.appendChild(el('p', {className: 'sb-muted', text: errorText(a)})); return; }
            if (!a.body.lines.length) {
                panel.appendChild(el('p', {className: 'sb-muted', text: 'No log lines of this connector yet.'}));
                return;
            }
            panel.appendChild(table(['Time', 'Level', 'Version', 'Trace id', 'Logger', 'Message'],
                a.body.lines.map(function (l) {
                    return el('tr', {className: 'sb-log-' + l.level},
                        el('td', {text: l.time}), el('td', {text: l.level}), el('td', {text: l.version || ''}),
                        el('td', null, el('code', {text: l.traceId || ''})),
                        el('td', {title: l.logger, text: l.logger.replace(/^.*\./, '')}),
                        el('td', {className: 'sb-log-message', text: l.message}));
                })));
            if (a.body.total > a.body.lines.length) {
                panel.appendChild(el('p', {className: 'sb-muted', text: 'The newest ' + a.body.lines.length + ' of '
                    + a.body.total + ' lines kept; all of them: GET /api/connectors/' + id + '/logs'}));
            }
        });
    }
    byId('sb-logs-level').onchange = showLogs;

    /* ---- navigation ------------------------------------------------------------------------------------------- */
    function route() {
        var match = /^#connector=(.+)$/.exec(window.location.hash);
        current = match ? decodeURIComponent(match[1]) : null;
        byId('sb-overview').hidden = !!current;
        byId('sb-detail').hidden = !current;
        if (current) {
            byId('sb-detail-title').textContent = current;
            clear(byId('sb-detail-info'));
            clear(byId('sb-try'));
            clear(byId('sb-connections'));
            byId('sb-rollback-status').textContent = '';
            clear(byId('sb-logs'));
            showDetail(current, true);
            showLogs();
        }
    }
    byId('sb-back').onclick = function (e) { e.preventDefault(); window.location.hash = ''; };
    window.addEventListener('hashchange', route);

    route();
    refresh(true);
    window.setInterval(refresh, POLL_MS);
    window.setInterval(showLogs, POLL_MS);
    refreshCharts();
    window.setInterval(refreshCharts, CHARTS_MS);
})();
