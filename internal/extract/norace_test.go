//go:build !race

package extract

// raceDetector is off: the tests compile PDFium, as production does.
const raceDetector = false
