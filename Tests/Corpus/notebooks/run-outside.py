# Databricks notebook source
# MAGIC %run ../../../../../etc/passwd
