" Highlighting for netc's .nn network specs (Neovim and Vim).
if exists('b:current_syntax')
  finish
endif

syntax keyword netcKeyword network dim weights input param output from
syntax keyword netcType f32 f16 bf16 f64 i64 i32 i8
syntax match netcNumber '\<\d[0-9_]*\(\.\d*\)\=\([eE][+-]\=\d\+\)\=\>'
syntax region netcString start='"' skip='\\.' end='"' oneline
syntax match netcOperator '[@*/+\-=]'
syntax match netcComment '\(//\|#\).*$'
syntax region netcComment start='/\*' end='\*/'

highlight default link netcKeyword Keyword
highlight default link netcType Type
highlight default link netcNumber Number
highlight default link netcString String
highlight default link netcOperator Operator
highlight default link netcComment Comment

let b:current_syntax = 'netc'
