function (settings) {
  // A department named in English in the search box is searched by its Chinese name:
  // "protection department", "Dept. of IP Protection" → 保护司, which also finds the
  // tasks of its predecessors (filed under it). The words of a name may come in any
  // order, singular or plural, with or without "of", "IP", "CNIPA"; other words are
  // searched as typed.
  // The names and the dropped words are in the page (script#english-names), written by
  // explorer.py's search_key; this function reads a query the same way.
  // Called at every draw (drawCallback): sets the search up once, at the first draw with a search box.
  var api = settings.api;
  var box = api.table().container().querySelector('div.dt-search input');
  if (!box || settings.ipaEnglishSearch) { return; }
  settings.ipaEnglishSearch = true;
  var given = JSON.parse(document.getElementById('english-names').textContent);
  var note = document.createElement('small');
  note.className = 'search-as';
  note.setAttribute('aria-live', 'polite');
  box.parentNode.appendChild(note);

  function key(words) {
    var found = words.join(' ').toLowerCase().replace(/\(pre-[a-z0-9]+\)/g, ' ').split(/[^a-z0-9]+/)
      .map(function (w) { return w.length > 3 && w.slice(-1) === 's' ? w.slice(0, -1) : w; })
      .map(function (w) { return given.department.indexOf(w) >= 0 ? 'department' : w; })
      .filter(function (w) { return w && given.stop.indexOf(w) < 0; });
    return Array.from(new Set(found)).sort().join(' ');
  }

  function translate(query) {
    var words = query.trim().split(/\s+/).filter(Boolean), out = [], i = 0;
    while (i < words.length) {
      var j = words.length, hit = null;
      for (; j > i; j--) {  // the longest run of words that names a department
        var k = key(words.slice(i, j));
        if (k && Object.prototype.hasOwnProperty.call(given.names, k)) { hit = given.names[k]; break; }
      }
      if (hit) { out.push(hit); i = j; } else { out.push(words[i]); i += 1; }
    }
    return out.join(' ');
  }

  var typed = box.value;
  function search() {
    typed = box.value;
    var term = translate(typed);
    note.textContent = term !== typed.trim() ? '搜索 Searching for: ' + term : '';
    if (api.search() !== term) { api.search(term).draw(); }
  }
  // the box's own events reach this search, not DataTables' (caught on the way down)
  ['keyup', 'search', 'input', 'paste', 'cut', 'mouseup'].forEach(function (type) {
    box.parentNode.addEventListener(type, function (event) {
      if (event.target !== box) { return; }
      event.stopPropagation();
      if (type === 'mouseup') { setTimeout(search, 10); } else { search(); }
    }, true);
  });
  // DataTables writes the search into the box when it is not being typed in: keep the words typed
  api.on('search.dt', function () {
    if (box !== document.activeElement && api.search() === translate(typed)) { box.value = typed; }
  });
}
