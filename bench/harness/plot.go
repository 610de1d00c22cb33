package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// series is one line of a chart.
type series struct {
	name   string
	col    color.RGBA
	dashed bool
	pts    [][2]float64 // (x, y), both > 0
}

// panel is one log-log chart.
type panel struct {
	title, xlabel, ylabel string
	series                []series
}

const (
	panelW, panelH = 640, 440
	legendH        = 56
	titleH         = 28
	marginL        = 78
	marginR        = 18
	marginT        = 30
	marginB        = 48
)

var (
	white = color.RGBA{255, 255, 255, 255}
	black = color.RGBA{0, 0, 0, 255}
	grid  = color.RGBA{222, 222, 222, 255}
	grid2 = color.RGBA{243, 243, 243, 255}
)

// writePNG draws the panels side by side with one shared legend, the first panel's series.
func writePNG(path, title string, panels []panel) error {
	W, H := panelW*len(panels), titleH+panelH+legendH
	if len(panels) > 0 {
		H += legendRows(W, panels[0].series)*22 - 44 // legendH holds two rows
		H = max(H, titleH+panelH+legendH)
	}
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), &image.Uniform{white}, image.Point{}, draw.Src)
	drawText(img, W/2-textWidth(title)/2, 20, title, black)
	for i, p := range panels {
		drawPanel(img, image.Rect(i*panelW, titleH, (i+1)*panelW, titleH+panelH), p)
	}
	if len(panels) > 0 {
		drawLegend(img, image.Rect(0, titleH+panelH, W, H), panels[0].series)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func drawPanel(img *image.RGBA, r image.Rectangle, p panel) {
	area := image.Rect(r.Min.X+marginL, r.Min.Y+marginT, r.Max.X-marginR, r.Max.Y-marginB)
	xs, ys := bounds(p.series)
	if xs[0] <= 0 {
		drawText(img, area.Min.X+20, area.Min.Y+40, "no data", black)
		return
	}
	x0, x1 := math.Log10(xs[0])-0.15, math.Log10(xs[1])+0.15
	y0, y1 := math.Floor(math.Log10(ys[0])), math.Ceil(math.Log10(ys[1]))
	if y1 <= y0 {
		y1 = y0 + 1
	}
	px := func(x float64) int {
		return area.Min.X + int(math.Round((math.Log10(x)-x0)/(x1-x0)*float64(area.Dx())))
	}
	py := func(y float64) int {
		return area.Max.Y - int(math.Round((math.Log10(y)-y0)/(y1-y0)*float64(area.Dy())))
	}
	for d := y0; d <= y1; d++ {
		for m := 2.0; m < 10 && d < y1; m++ {
			hline(img, area.Min.X, area.Max.X, py(m*math.Pow(10, d)), grid2)
		}
		y := py(math.Pow(10, d))
		hline(img, area.Min.X, area.Max.X, y, grid)
		lbl := siLabel(math.Pow(10, d))
		drawText(img, area.Min.X-8-textWidth(lbl), y+4, lbl, black)
	}
	for _, x := range xTicks(p.series) {
		X := px(x)
		vline(img, X, area.Min.Y, area.Max.Y, grid)
		lbl := sizeLabel(x)
		drawText(img, X-textWidth(lbl)/2, area.Max.Y+16, lbl, black)
	}
	rect(img, area, black)
	for _, s := range p.series {
		for i := 1; i < len(s.pts); i++ {
			line(img, px(s.pts[i-1][0]), py(s.pts[i-1][1]), px(s.pts[i][0]), py(s.pts[i][1]), s.col, s.dashed)
		}
		for _, pt := range s.pts {
			disc(img, px(pt[0]), py(pt[1]), 3, s.col)
		}
	}
	drawText(img, area.Min.X+area.Dx()/2-textWidth(p.title)/2, r.Min.Y+18, p.title, black)
	drawText(img, area.Min.X+area.Dx()/2-textWidth(p.xlabel)/2, area.Max.Y+38, p.xlabel, black)
	drawTextUp(img, r.Min.X+14, area.Min.Y+area.Dy()/2+textWidth(p.ylabel)/2, p.ylabel, black)
}

// legendRows is the number of rows drawLegend needs for ss in an image w wide.
func legendRows(w int, ss []series) int {
	rows, x := 1, marginL
	for _, s := range ss {
		name := s.name
		if len(s.pts) == 0 {
			name += " (n/a)"
		}
		lw := 34 + textWidth(name) + 24
		if x+lw > w {
			rows, x = rows+1, marginL
		}
		x += lw
	}
	return rows
}

func drawLegend(img *image.RGBA, r image.Rectangle, ss []series) {
	x, y := r.Min.X+marginL, r.Min.Y+18
	for _, s := range ss {
		name := s.name
		if len(s.pts) == 0 {
			name += " (n/a)"
		}
		w := 34 + textWidth(name) + 24
		if x+w > r.Max.X {
			x, y = r.Min.X+marginL, y+22
		}
		line(img, x, y-4, x+26, y-4, s.col, s.dashed)
		disc(img, x+13, y-4, 3, s.col)
		drawText(img, x+32, y, name, black)
		x += w
	}
}

// bounds returns the x and y ranges of all positive points.
func bounds(ss []series) (xs, ys [2]float64) {
	xs, ys = [2]float64{math.Inf(1), 0}, [2]float64{math.Inf(1), 0}
	for _, s := range ss {
		for _, p := range s.pts {
			if p[0] <= 0 || p[1] <= 0 {
				continue
			}
			xs = [2]float64{math.Min(xs[0], p[0]), math.Max(xs[1], p[0])}
			ys = [2]float64{math.Min(ys[0], p[1]), math.Max(ys[1], p[1])}
		}
	}
	if xs[1] == 0 {
		return [2]float64{}, [2]float64{}
	}
	return xs, ys
}

func xTicks(ss []series) []float64 {
	seen := map[float64]bool{}
	var out []float64
	for _, s := range ss {
		for _, p := range s.pts {
			if !seen[p[0]] {
				seen[p[0]] = true
				out = append(out, p[0])
			}
		}
	}
	return out
}

func siLabel(v float64) string {
	for _, u := range []struct {
		f float64
		s string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if v >= u.f {
			return fmt.Sprintf("%g%s", v/u.f, u.s)
		}
	}
	return fmt.Sprintf("%g", v)
}

func sizeLabel(v float64) string {
	switch {
	case v >= 1<<20:
		return fmt.Sprintf("%gM", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%gK", v/(1<<10))
	}
	return fmt.Sprintf("%g", v)
}

func drawText(img draw.Image, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: &image.Uniform{c}, Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func textWidth(s string) int { return font.MeasureString(basicfont.Face7x13, s).Round() }

// drawTextUp draws s rotated 90 degrees counter-clockwise, starting at
// (x, y) and running upwards.
func drawTextUp(img *image.RGBA, x, y int, s string, c color.Color) {
	w := textWidth(s)
	tmp := image.NewRGBA(image.Rect(0, 0, w, 16))
	drawText(tmp, 0, 12, s, c)
	for ty := 0; ty < 16; ty++ {
		for tx := 0; tx < w; tx++ {
			if _, _, _, a := tmp.At(tx, ty).RGBA(); a > 0 {
				img.Set(x+ty-12, y-tx, tmp.At(tx, ty))
			}
		}
	}
}

func hline(img *image.RGBA, x0, x1, y int, c color.Color) {
	for x := x0; x <= x1; x++ {
		img.Set(x, y, c)
	}
}

func vline(img *image.RGBA, x, y0, y1 int, c color.Color) {
	for y := y0; y <= y1; y++ {
		img.Set(x, y, c)
	}
}

func rect(img *image.RGBA, r image.Rectangle, c color.Color) {
	hline(img, r.Min.X, r.Max.X, r.Min.Y, c)
	hline(img, r.Min.X, r.Max.X, r.Max.Y, c)
	vline(img, r.Min.X, r.Min.Y, r.Max.Y, c)
	vline(img, r.Max.X, r.Min.Y, r.Max.Y, c)
}

func disc(img *image.RGBA, cx, cy, r int, c color.Color) {
	for y := -r; y <= r; y++ {
		for x := -r; x <= r; x++ {
			if x*x+y*y <= r*r+1 {
				img.Set(cx+x, cy+y, c)
			}
		}
	}
}

// line draws a 2-pixel line; dashed lines skip every other 6 pixels.
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.Color, dashed bool) {
	dx, dy := x1-x0, y1-y0
	n := max(abs(dx), abs(dy))
	for i := 0; i <= n; i++ {
		if dashed && (i/6)%2 == 1 {
			continue
		}
		x := x0 + int(math.Round(float64(dx*i)/float64(max(n, 1))))
		y := y0 + int(math.Round(float64(dy*i)/float64(max(n, 1))))
		img.Set(x, y, c)
		img.Set(x+1, y, c)
		img.Set(x, y+1, c)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
