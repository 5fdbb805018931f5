//go:build race

package extract

// raceDetector is on: the tests run PDFium in wazero's interpreter, since
// compiling it takes about a minute under the race detector.
const raceDetector = true
