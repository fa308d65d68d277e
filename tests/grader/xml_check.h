// xml_check.c: is a report well-formed XML?
#ifndef TEST_XML_CHECK_H
#define TEST_XML_CHECK_H

// NULL when text is well-formed XML 1.0 (tags nest and close, attributes quoted,
// every & a known reference, no forbidden character, one root); else what is wrong.
const char *xml_problem(const char *text);
// xmllint --noout on text: 1 well-formed, 0 not, -1 when xmllint is not installed.
int xmllint_ok(const char *text);

#endif
