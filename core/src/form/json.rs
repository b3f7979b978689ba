//! A small JSON reader for drafts (`super::draft`), so the initial bundle
//! carries no serde_json deserialiser (and none of the float parsing and
//! printing its error messages pull in). It reads any JSON text into a tree
//! whose every value knows its 1-based line and column, and reports mistakes
//! the way serde_json does: a message and the line and column of the
//! offending character (column 0 of the last line at an unexpected end).

/// Where a value or mistake is: 1-based line and column (bytes).
pub type Pos = (usize, usize);

/// A JSON value. Numbers keep their text: a draft only reads whole numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in order, each with the position of its key.
    Object(Vec<(String, Pos, Node)>),
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: Pos,
    pub value: Value,
}

impl Value {
    /// The number, if it is a whole number that fits in a u64.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
            _ => None,
        }
    }

    /// The member `key` (the last one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Value::Object(members) => members.iter().rev().find(|m| m.0 == key).map(|m| &m.2),
            _ => None,
        }
    }

    /// How serde describes an unexpected value: `string "x"`, `map`, ….
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if n.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                format!("integer `{n}`")
            }
            Value::Number(n) => format!("floating point `{n}`"),
            Value::String(s) => format!("string {s:?}"),
            Value::Array(_) => "sequence".into(),
            Value::Object(_) => "map".into(),
        }
    }
}

/// A mistake in the JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: &'static str,
    pub at: Pos,
}

/// Nesting this deep is refused (as serde_json does), so a hostile
/// file cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Reads one JSON value, with only whitespace around it.
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        line: 1,
        line_start: 0,
        depth: 0,
    };
    p.ws();
    let node = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(node)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    line_start: usize,
    depth: usize,
}

impl Parser<'_> {
    /// The position of the next byte.
    fn pos(&self) -> Pos {
        (self.line, self.i - self.line_start + 1)
    }

    /// An error at the next byte, or after the last one at the end.
    fn err(&self, message: &'static str) -> Error {
        let at = if self.i < self.s.len() {
            self.pos()
        } else {
            (self.line, self.i - self.line_start)
        };
        Error { message, at }
    }

    /// An error at the next byte, reported after reading it (as serde_json
    /// does inside strings).
    fn err_after(&mut self, message: &'static str) -> Error {
        self.bump();
        Error {
            message,
            at: (self.line, self.i - self.line_start),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn bump(&mut self) {
        if self.s[self.i] == b'\n' {
            self.line += 1;
            self.line_start = self.i + 1;
        }
        self.i += 1;
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.bump();
        }
    }

    fn value(&mut self) -> Result<Node, Error> {
        let at = self.pos();
        let value = match self.peek() {
            None => return Err(self.err("EOF while parsing a value")),
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b'[') => {
                self.enter()?;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.bump();
                } else {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        match self.peek() {
                            Some(b',') => {
                                self.bump();
                                self.ws();
                                if self.peek() == Some(b']') {
                                    return Err(self.err("trailing comma"));
                                }
                            }
                            Some(b']') => {
                                self.bump();
                                break;
                            }
                            None => return Err(self.err("EOF while parsing a list")),
                            Some(_) => return Err(self.err("expected `,` or `]`")),
                        }
                    }
                }
                self.depth -= 1;
                Value::Array(items)
            }
            Some(b'{') => {
                self.enter()?;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.bump();
                } else {
                    loop {
                        match self.peek() {
                            Some(b'"') => {}
                            None => return Err(self.err("EOF while parsing an object")),
                            Some(_) => return Err(self.err("key must be a string")),
                        }
                        let key = self.string()?;
                        let key_at = (self.line, self.i - self.line_start);
                        self.ws();
                        match self.peek() {
                            Some(b':') => self.bump(),
                            None => return Err(self.err("EOF while parsing an object")),
                            Some(_) => return Err(self.err("expected `:`")),
                        }
                        self.ws();
                        let value = self.value()?;
                        members.push((key, key_at, value));
                        self.ws();
                        match self.peek() {
                            Some(b',') => {
                                self.bump();
                                self.ws();
                                if self.peek() == Some(b'}') {
                                    return Err(self.err("trailing comma"));
                                }
                            }
                            Some(b'}') => {
                                self.bump();
                                break;
                            }
                            None => return Err(self.err("EOF while parsing an object")),
                            Some(_) => return Err(self.err("expected `,` or `}`")),
                        }
                    }
                }
                self.depth -= 1;
                Value::Object(members)
            }
            Some(_) => return Err(self.err("expected value")),
        };
        Ok(Node { at, value })
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        self.bump();
        if self.depth >= MAX_DEPTH {
            // At the bracket just read, as serde_json reports it.
            return Err(Error {
                message: "recursion limit exceeded",
                at: (self.line, self.i - self.line_start),
            });
        }
        Ok(())
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        for &b in word.as_bytes() {
            match self.peek() {
                Some(c) if c == b => self.bump(),
                None => return Err(self.err("EOF while parsing a value")),
                Some(_) => return Err(self.err("expected ident")),
            }
        }
        Ok(value)
    }

    fn digits(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'0'..=b'9') => {}
            None => return Err(self.err("EOF while parsing a value")),
            Some(_) => return Err(self.err("invalid number")),
        }
        while let Some(b'0'..=b'9') = self.peek() {
            self.bump();
        }
        Ok(())
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        if self.peek() == Some(b'0') {
            self.bump();
            if let Some(b'0'..=b'9') = self.peek() {
                return Err(self.err("invalid number"));
            }
        } else {
            self.digits()?;
        }
        if self.peek() == Some(b'.') {
            self.bump();
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.bump();
            if let Some(b'+' | b'-') = self.peek() {
                self.bump();
            }
            self.digits()?;
        }
        // Only ASCII was consumed: the slice is valid UTF-8.
        let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        Ok(Value::Number(text))
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                None => return Err(self.err("EOF while parsing a string")),
                Some(b) => (b as char)
                    .to_digit(16)
                    .ok_or_else(|| self.err("invalid escape"))?,
            };
            self.bump();
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// A string, from its opening quote to after its closing quote.
    fn string(&mut self) -> Result<String, Error> {
        self.bump();
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            match b {
                b'"' => {
                    self.bump();
                    break;
                }
                0..=0x1f => {
                    return Err(self.err_after(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ))
                }
                b'\\' => {
                    self.bump();
                    let Some(e) = self.peek() else {
                        return Err(self.err("EOF while parsing a string"));
                    };
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.bump();
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.peek() != Some(b'\\')
                                    || self.s.get(self.i + 1) != Some(&b'u')
                                {
                                    return Err(self.err("lone leading surrogate in hex escape"));
                                }
                                self.bump();
                                self.bump();
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone leading surrogate in hex escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            let c = char::from_u32(code)
                                .ok_or_else(|| self.err("unexpected end of hex escape"))?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.err_after("invalid escape")),
                    };
                    self.bump();
                    out.push(c as u8);
                }
                _ => {
                    out.push(b);
                    self.i += 1;
                }
            }
        }
        // The input is a &str and escapes add whole characters: valid UTF-8.
        Ok(String::from_utf8(out).unwrap_or_default())
    }
}
