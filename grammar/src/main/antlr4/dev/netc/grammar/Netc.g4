/*
 * The .nn language: network specs for netc.
 *
 * A file holds one or more `network` blocks. A block is a straight-line list of
 * statements: dimension constants, a weights file, inputs, parameters, named
 * expressions and outputs. Statements need no separator: each one starts with a
 * keyword or with `name =`, so the parser always knows where the next begins.
 *
 * The grammar is deliberately permissive about what may appear where (any
 * expression may be an argument, a list or a shape); the checker gives those
 * cases precise, located diagnostics, which a parser error could not.
 */
grammar Netc;

// Never produced by the lexer. When a file does not parse, the front end inserts it
// after a half-typed statement (`z = x @` and a newline) before the line that starts
// the next one, so that the error sits where the typing stopped and the lines after it
// parse as written.
tokens { STATEMENT_END }

file
    : network* EOF
    ;

network
    : NETWORK name=ID LBRACE (statement | STATEMENT_END)* RBRACE
    ;

statement
    : DIM name=ID ASSIGN value=expr                                   # dimDecl
    | WEIGHTS path=STRING                                            # weightsDecl
    | INPUT name=ID COLON tensorType                                 # inputDecl
    | PARAM name=ID COLON tensorType paramSource?                    # paramDecl
    | OUTPUT name=ID (COLON declared=tensorType)? (ASSIGN value=expr)? # outputDecl
    | name=ID ASSIGN value=expr                                      # assignDecl
    ;

paramSource
    : ASSIGN value=expr                                              # inlineSource
    | FROM key=STRING                                                # fileSource
    ;

tensorType
    : dtype=ID LBRACK (dims+=expr (COMMA dims+=expr)* COMMA?)? RBRACK
    ;

// Precedence follows Python and NumPy: postfix binds tightest, then unary
// minus, then `@ * /` (one level, left to right), then `+ -`.
expr
    : expr DOT attr=ID                                               # attribute
    | expr LBRACK slice (COMMA slice)* COMMA? RBRACK                  # index
    | op=MINUS expr                                                  # negate
    | left=expr op=(AT | STAR | SLASH) right=expr                    # product
    | left=expr op=(PLUS | MINUS) right=expr                         # sum
    | callee=ID LPAREN (argument (COMMA argument)* COMMA?)? RPAREN   # call
    | ID                                                             # name
    | NUMBER                                                         # number
    | STRING                                                         # string
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                     # list
    | LPAREN expr RPAREN                                             # paren
    ;

argument
    : (key=argumentName ASSIGN)? value=expr
    ;

// Keywords are fine as argument names: `softmax(x, dim=1)` deserves "did you mean `axis`?",
// not a syntax error.
argumentName
    : ID | DIM | WEIGHTS | INPUT | PARAM | OUTPUT | FROM | NETWORK
    ;

slice
    : start=expr? COLON end=expr?                                    # range
    | at=expr                                                        # single
    ;

NETWORK : 'network' ;
DIM     : 'dim' ;
WEIGHTS : 'weights' ;
INPUT   : 'input' ;
PARAM   : 'param' ;
OUTPUT  : 'output' ;
FROM    : 'from' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
COLON  : ':' ;
DOT    : '.' ;
ASSIGN : '=' ;
AT     : '@' ;
STAR   : '*' ;
SLASH  : '/' ;
PLUS   : '+' ;
MINUS  : '-' ;

ID     : [a-zA-Z_] [a-zA-Z_0-9]* ;
NUMBER : DIGITS ('.' DIGITS?)? EXPONENT?
       | '.' DIGITS EXPONENT?
       ;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;

fragment DIGITS   : [0-9] ('_'? [0-9])* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

// A `/** ... */` comment before a network is its documentation; the front end
// finds it on the hidden channel, so a doc comment anywhere else is harmless.
DOC_COMMENT   : '/**' .*? '*/' -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
LINE_COMMENT  : ('//' | '#') ~[\r\n]* -> channel(HIDDEN) ;
WS            : [ \t\r\n\f]+ -> channel(HIDDEN) ;

// Anything else becomes one token so the front end reports it once, in its own words.
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
// Cannot contain `*/`, so it only wins when the comment really never closes.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
ERROR_CHAR           : . ;
