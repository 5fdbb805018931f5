//go:build race

package api_test

// raceDetector is on: compiling the PDF engine (WebAssembly, by wazero)
// takes minutes under it, so the tests run it in the interpreter.
const raceDetector = true
