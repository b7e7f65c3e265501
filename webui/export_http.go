package webui

import (
	"bytes"
	"net/http"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// exportName is the download file name of a report export.
func exportName(slug string, r *survey.Report, ext string) string {
	return "chorus-" + themeSlug(slug) + "-" + themeSlug(r.Quarter) + "." + ext
}

// exportCSV sends a report as a CSV download.
func (u *UI) exportCSV(c echo.Context, slug string, r *survey.Report) error {
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, r); err != nil {
		return err
	}
	return sendExport(c, "text/csv; charset=utf-8", exportName(slug, r, "csv"), buf.Bytes())
}

// exportXLSX sends a report as an Excel workbook download.
func (u *UI) exportXLSX(c echo.Context, slug string, r *survey.Report) error {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, reportSheets(r)); err != nil {
		return err
	}
	return sendExport(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(slug, r, "xlsx"), buf.Bytes())
}

func sendExport(c echo.Context, ctype, name string, body []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, ctype, body)
}
