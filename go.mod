module github.com/orcidsite/orcidsite

go 1.26.8
