// The .nn language for CodeMirror 5: keywords, element types, numbers, strings, and the three
// comment forms of grammar/Netc.g4 (`//` and `#` to the end of the line, `/* ... */`).
CodeMirror.defineSimpleMode("netc", {
  start: [
    {regex: /\/\*/, token: "comment", next: "comment"},
    {regex: /(?:\/\/|#).*/, token: "comment"},
    {regex: /"(?:[^\\"]|\\.)*"?/, token: "string"},
    {regex: /\b(?:network|dim|weights|input|param|output|from)\b/, token: "keyword"},
    {regex: /\b(?:f16|bf16|f32|f64|i8|i16|i32|i64|u8|bool)\b/, token: "type"},
    {regex: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/, token: "number"},
    {regex: /[A-Za-z_]\w*(?=\s*\()/, token: "builtin"},
    {regex: /[A-Za-z_]\w*/, token: "variable"},
    {regex: /[@*\/+\-=:]/, token: "operator"},
    {regex: /[{\[(]/, indent: true},
    {regex: /[}\])]/, dedent: true}
  ],
  comment: [
    {regex: /.*?\*\//, token: "comment", next: "start"},
    {regex: /.*/, token: "comment"}
  ],
  meta: {lineComment: "//", blockCommentStart: "/*", blockCommentEnd: "*/"}
});
