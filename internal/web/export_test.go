package web

// MessageFiles exposes messageFiles to the tests of package web_test.
var MessageFiles = messageFiles
