// The playground page: the editor, a check of its text after each pause in typing (CodeMirror's
// lint addon waits 300 ms), and the panels filled from the answer. The server does all the
// compiling; this file only shows what it says.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var report = null;       // the last answer of /api/check
  var hints = [];          // the bookmarks that show each statement's shape at its end

  var editor = CodeMirror($("editor"), {
    mode: "netc",
    lineNumbers: true,
    matchBrackets: true,
    indentUnit: 2,
    gutters: ["CodeMirror-lint-markers"],
    lint: {getAnnotations: check, async: true, delay: 300}
  });

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        return {ok: response.ok, status: response.status, body: json};
      });
    });
  }

  function status(text) {
    $("status").textContent = text;
  }

  // netc counts columns in code points, 1-based; CodeMirror in UTF-16 units, 0-based.
  function pos(line, column) {
    var text = editor.getLine(line - 1) || "";
    var ch = 0;
    for (var i = 1; i < column && ch < text.length; i++) {
      ch += text.codePointAt(ch) > 0xffff ? 2 : 1;
    }
    return editor.clipPos(CodeMirror.Pos(line - 1, ch));
  }

  function check(text, update) {
    status("checking…");
    var started = Date.now();
    post("/api/check", {spec: text}).then(function (answer) {
      if (editor.getValue() !== text) {
        return; // the text changed meanwhile: a newer check is on its way
      }
      if (!answer.ok) {
        status(answer.body.error);
        update([]);
        return;
      }
      report = answer.body;
      render(report);
      update(annotations(report.diagnostics));
      status("checked in " + (Date.now() - started) + " ms");
    }, function (failure) {
      status("the playground's server does not answer: " + failure);
      update([]);
    });
  }

  function annotations(diagnostics) {
    return diagnostics.map(function (d) {
      var from = pos(d.line, d.column);
      var to = pos(d.endLine, d.endColumn);
      if (CodeMirror.cmpPos(from, to) === 0) {
        to = editor.clipPos(CodeMirror.Pos(from.line, from.ch + 1)); // an empty span still gets a squiggle
      }
      return {
        from: from,
        to: to,
        severity: d.severity === "error" ? "error" : "warning",
        message: d.message + " [" + d.code + "]"
      };
    });
  }

  function render(r) {
    renderDiagnostics(r.diagnostics);
    renderShapes(r.shapes);
    $("summary").textContent = r.networks.length
      ? r.networks.map(function (n) { return n.summary; }).join("\n")
      : (r.errors ? "no summary while the spec has errors" : "no network");
    renderGraph(r.graph);
    renderJava(r.networks);
    var select = $("run-network");
    var chosen = select.value;
    select.innerHTML = "";
    r.networks.forEach(function (n) {
      var option = document.createElement("option");
      option.value = option.textContent = n.name;
      select.appendChild(option);
    });
    if (r.networks.some(function (n) { return n.name === chosen; })) {
      select.value = chosen;
    }
  }

  function renderDiagnostics(diagnostics) {
    var list = $("diagnostics");
    list.innerHTML = "";
    if (!diagnostics.length) {
      var clean = document.createElement("span");
      clean.className = "clean";
      clean.textContent = "no problems";
      list.appendChild(clean);
      return;
    }
    diagnostics.forEach(function (d) {
      var item = document.createElement("div");
      item.className = "diagnostic " + d.severity;
      var text = document.createElement("pre");
      text.textContent = d.text;
      item.appendChild(text);
      d.fixes.forEach(function (fix) {
        if (!fix.edits.length) {
          return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fix";
        button.textContent = fix.title;
        button.title = fix.message;
        button.addEventListener("click", function () { apply(fix); });
        item.appendChild(button);
      });
      list.appendChild(item);
    });
  }

  // Every edit's place is taken before any is made, then they are made from the last to the first.
  function apply(fix) {
    var edits = fix.edits.map(function (e) {
      return {from: pos(e.line, e.column), to: pos(e.endLine, e.endColumn), text: e.newText};
    });
    edits.sort(function (a, b) { return CodeMirror.cmpPos(b.from, a.from); });
    editor.operation(function () {
      edits.forEach(function (e) { editor.replaceRange(e.text, e.from, e.to); });
    });
    editor.focus();
  }

  function renderShapes(shapes) {
    var table = $("shapes");
    table.innerHTML = "";
    hints.forEach(function (h) { h.clear(); });
    hints = [];
    shapes.forEach(function (s) {
      var row = table.insertRow();
      [s.line + ":", s.name, ": " + s.type, s.kind + (s.output ? " (output)" : "")].forEach(function (cell) {
        row.insertCell().textContent = cell;
      });
      if (s.kind === "node") {
        var hint = document.createElement("span");
        hint.className = "shape-hint";
        hint.textContent = ": " + s.type;
        hints.push(editor.setBookmark(pos(s.endLine, s.endColumn), {widget: hint, insertLeft: true}));
      }
    });
  }

  // The SVG is the graph module's, its text escaped there; the page's policy runs no script in it.
  function renderGraph(svg) {
    var box = $("graph");
    if (svg) {
      box.innerHTML = svg;
    } else {
      box.textContent = "no network to draw";
    }
  }

  function renderJava(networks) {
    var box = $("java");
    box.innerHTML = "";
    networks.forEach(function (n) {
      n.java.forEach(function (file) {
        var div = document.createElement("div");
        div.className = "java-file";
        var title = document.createElement("h3");
        title.textContent = file.path;
        div.appendChild(title);
        box.appendChild(div);
        CodeMirror(div, {value: file.text, mode: "text/x-java", readOnly: true, lineNumbers: true});
      });
    });
    if (!box.childNodes.length) {
      box.textContent = "no code while the spec has errors";
    }
  }

  function base64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }

  function inputs(network) {
    var declared = network ? network.inputs : [];
    var file = $("run-npy").files[0];
    if (file) {
      if (declared.length !== 1) {
        return Promise.reject(new Error("a .npy upload is the input of a network with one input"));
      }
      return file.arrayBuffer().then(function (buffer) {
        var given = {};
        given[declared[0].name] = {npy: base64(buffer)};
        return given;
      });
    }
    var value;
    try {
      value = JSON.parse($("run-input").value);
    } catch (e) {
      return Promise.reject(new Error("the input is not a nested list: " + e.message));
    }
    if (Array.isArray(value)) {
      if (declared.length !== 1) {
        return Promise.reject(new Error("the network has several inputs: give an object, {\"name\": [...], ...}"));
      }
      var given = {};
      given[declared[0].name] = value;
      return Promise.resolve(given);
    }
    return Promise.resolve(value);
  }

  function run() {
    var output = $("output");
    var name = $("run-network").value;
    var network = report && report.networks.filter(function (n) { return n.name === name; })[0];
    output.className = "output";
    output.textContent = "running…";
    inputs(network).then(function (given) {
      return post("/api/run", {spec: editor.getValue(), network: name, inputs: given});
    }).then(function (answer) {
      if (!answer.ok) {
        throw new Error(answer.body.error);
      }
      output.textContent = answer.body.outputs.map(function (o) {
        return o.name + ": " + o.type + " = " + JSON.stringify(o.data).replace(/,/g, ", ");
      }).join("\n");
    }).catch(function (e) {
      output.className = "output failed";
      output.textContent = e.message;
    });
  }

  function loadSample(name) {
    return fetch("/api/samples/" + name).then(function (r) { return r.text(); }).then(function (text) {
      editor.setValue(text);
      $("output").textContent = "";
    });
  }

  $("run").addEventListener("click", run);
  $("sample").addEventListener("change", function () {
    if (this.value) {
      loadSample(this.value);
    }
  });
  editor.on("change", function (cm, change) {
    if (change.origin !== "setValue") {
      $("sample").value = "";
    }
  });

  fetch("/api/samples").then(function (r) { return r.json(); }).then(function (answer) {
    answer.samples.forEach(function (name) {
      var option = document.createElement("option");
      option.value = option.textContent = name;
      $("sample").appendChild(option);
    });
    $("sample").value = "image_flip.nn";
    loadSample("image_flip.nn");
  });
})();
